using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Providers;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>infra import TYPE NAME ID</c>: adopting a live object as a resource the program declares, as Pulumi's import.</summary>
public sealed class ImportVerbTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    private TestProgram Program() => new(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
        new Thing("c", new ThingArgs { Value = "3" }, root);
    }, _provider.Object);

    private Task<CliResult> RunAsync(params string[] args) => _cli.RunAsync(Program(), args);

    private string? StateText() => File.Exists(_cli.StatePath()) ? File.ReadAllText(_cli.StatePath()) : null;

    private static string OneLine(CliResult r) => Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Import_records_the_live_object_and_the_next_up_takes_it_as_it_is()
    {
        _provider.Read = r => new ReadResult("live-c", new JsonObject { ["value"] = "3" }, new JsonObject { ["value"] = "3", ["out"] = "c-live" });

        var import = await RunAsync("import", "test:Thing", "c", "live-c", "-s", "dev", "--yes");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("import test:Thing 'c' (id live-c)", import.Out);
        var c = JsonNode.Parse(StateText()!)!["checkpoint"]!["latest"]!["resources"]!.AsArray().Single(r => (string)r!["urn"]! == CliHarness.Urn("c"))!;
        Assert.Equal("live-c", (string?)c["id"]);
        var up = await RunAsync("up", "-s", "dev", "--yes");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.DoesNotContain("create:c", _provider.Mutations);
        Assert.Contains("create:a", _provider.Mutations);
        var history = JsonNode.Parse((await RunAsync("stack", "history", "-s", "dev", "--json")).Out)!.AsArray();
        Assert.Contains(history, h => (string?)h!["kind"] == "import");
    }

    [Fact]
    public async Task A_live_object_that_differs_in_a_key_that_would_replace_it_is_refused_with_the_difference()
    {
        _provider.ReplaceKeys.Add("value");
        _provider.Read = r => new ReadResult("live-c", new JsonObject { ["value"] = "9" }, []);

        var import = await RunAsync("import", "test:Thing", "c", "live-c", "-s", "dev", "--yes");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("value: live \"9\", declared \"3\"", OneLine(import));
        Assert.Null(StateText());
    }

    [Theory]
    [InlineData("test:Thing", "nosuch", "declares no test:Thing named 'nosuch' (it declares a, b, c)")]
    [InlineData("docker:Volume", "c", "declares no docker:Volume")]
    [InlineData("test:Thing", "b", "refers to resources that are not in the state yet (a)")]
    public async Task Bad_input_is_one_line_exit_2_and_no_state(string type, string name, string expected)
    {
        var import = await RunAsync("import", type, name, "some-id", "-s", "dev", "--yes");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains(expected, OneLine(import));
        Assert.Null(StateText());
    }

    [Fact]
    public async Task An_object_that_does_not_exist_is_refused()
    {
        _provider.Read = _ => ReadResult.Gone;

        var import = await RunAsync("import", "test:Thing", "c", "no-such-volume", "-s", "dev", "--yes");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("test:Thing 'no-such-volume' does not exist", OneLine(import));
        Assert.Null(StateText());
    }

    [Fact]
    public async Task A_resource_already_in_the_state_is_not_imported_again()
    {
        Assert.Equal(0, (await RunAsync("up", "-s", "dev", "--yes")).ExitCode);
        var before = StateText();

        var import = await RunAsync("import", "test:Thing", "c", "other", "-s", "dev", "--yes");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("already in the stack's state", OneLine(import));
        Assert.Equal(before, StateText());
    }
}
