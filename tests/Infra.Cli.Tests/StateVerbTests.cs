using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Model;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>infra state delete|unprotect|rename|taint|untaint|repair</c>, as Pulumi's.</summary>
public sealed class StateVerbTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    private TestProgram Program(bool protectA = false, string bName = "b") => new(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root, new ResourceOptions { Protect = protectA });
        new Thing(bName, new ThingArgs { Link = a.Out }, root);
        new Thing("c", new ThingArgs { Value = "3" }, root);
    }, _provider.Object);

    private async Task<CliResult> RunAsync(params string[] args) => await _cli.RunAsync(Program(), args);

    private async Task DeployAsync(bool protectA = false) =>
        Assert.Equal(0, (await _cli.RunAsync(Program(protectA), "up", "-s", "dev", "--yes")).ExitCode);

    private JsonArray Resources() => JsonNode.Parse(File.ReadAllText(_cli.StatePath()))!["checkpoint"]!["latest"]!["resources"]!.AsArray();

    private IReadOnlyList<string> Urns() => Resources().Select(r => (string)r!["urn"]!).ToList();

    private static string OneLine(CliResult r) => Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Delete_forgets_a_resource_and_is_recorded_in_the_history()
    {
        await DeployAsync();

        var result = await RunAsync("state", "delete", CliHarness.Urn("c"), "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(CliHarness.Urn("c"), Urns());
        Assert.DoesNotContain(_provider.Mutations, m => m.StartsWith("delete:", StringComparison.Ordinal));
        var history = JsonNode.Parse((await RunAsync("stack", "history", "-s", "dev", "--json")).Out)!.AsArray();
        Assert.Equal("state delete", (string?)history[0]!["kind"]);
        Assert.False(File.Exists(_cli.LockPath()));
    }

    [Fact]
    public async Task Delete_refuses_a_resource_others_depend_on_unless_target_dependents()
    {
        await DeployAsync();
        var before = await File.ReadAllBytesAsync(_cli.StatePath());

        var refused = await RunAsync("state", "delete", CliHarness.Urn("a"), "-s", "dev", "--yes");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(CliHarness.Urn("b"), OneLine(refused));
        Assert.Contains("--target-dependents", refused.Error);
        Assert.Equal(before, await File.ReadAllBytesAsync(_cli.StatePath()));

        var deleted = await RunAsync("state", "delete", CliHarness.Urn("a"), "-s", "dev", "--yes", "--target-dependents");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal([CliHarness.Urn("c")], Urns().Where(u => u.Contains("test:Thing", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delete_refuses_a_protected_resource_unless_force_and_unprotect_clears_it()
    {
        await DeployAsync(protectA: true);

        var refused = await RunAsync("state", "delete", CliHarness.Urn("a"), "-s", "dev", "--yes", "--target-dependents");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("protected", OneLine(refused));

        Assert.Equal(0, (await RunAsync("state", "unprotect", CliHarness.Urn("a"), "-s", "dev", "--yes")).ExitCode);
        Assert.DoesNotContain(Resources(), r => (bool?)r!["protect"] == true);
        Assert.Equal(0, (await RunAsync("state", "delete", CliHarness.Urn("a"), "-s", "dev", "--yes", "--target-dependents")).ExitCode);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("unprotect")]
    [InlineData("taint")]
    [InlineData("untaint")]
    [InlineData("rename")]
    public async Task An_unknown_urn_is_one_line_exit_2_and_changes_nothing(string verb)
    {
        await DeployAsync();
        var before = await File.ReadAllBytesAsync(_cli.StatePath());
        var unknown = CliHarness.Urn("nope");
        string[] args = verb == "rename" ? ["state", verb, unknown, "other", "-s", "dev", "--yes"] : ["state", verb, unknown, "-s", "dev", "--yes"];

        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(unknown, OneLine(result));
        Assert.Equal(before, await File.ReadAllBytesAsync(_cli.StatePath()));
        var history = JsonNode.Parse((await RunAsync("stack", "history", "-s", "dev", "--json")).Out)!.AsArray();
        Assert.DoesNotContain(history, e => ((string)e!["kind"]!).StartsWith("state", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_yes_a_non_interactive_edit_is_refused_with_exit_2()
    {
        await DeployAsync();
        var before = await File.ReadAllBytesAsync(_cli.StatePath());

        var result = await RunAsync("state", "taint", CliHarness.Urn("c"), "-s", "dev");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Error);
        Assert.Equal(before, await File.ReadAllBytesAsync(_cli.StatePath()));
    }

    [Fact]
    public async Task Rename_changes_the_urn_and_the_references_to_it()
    {
        await DeployAsync();

        var result = await RunAsync("state", "rename", CliHarness.Urn("a"), "a2", "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(CliHarness.Urn("a2"), Urns());
        Assert.DoesNotContain(CliHarness.Urn("a"), Urns());
        var b = Resources().Single(r => (string)r!["urn"]! == CliHarness.Urn("b"))!;
        Assert.Contains(CliHarness.Urn("a2"), b["dependencies"]!.AsArray().Select(d => (string)d!));
    }

    [Fact]
    public async Task A_tainted_resource_is_replaced_by_the_next_up_and_untaint_clears_it()
    {
        await DeployAsync();
        Assert.Equal(0, (await RunAsync("state", "taint", CliHarness.Urn("c"), "-s", "dev", "--yes")).ExitCode);
        Assert.True((bool)Resources().Single(r => (string)r!["urn"]! == CliHarness.Urn("c"))!["taint"]!);

        var preview = await RunAsync("preview", "-s", "dev", "--json");
        Assert.Contains("replace", preview.Out);
        Assert.Equal(0, (await RunAsync("state", "untaint", CliHarness.Urn("c"), "-s", "dev", "--yes")).ExitCode);
        Assert.Equal(0, (await RunAsync("preview", "-s", "dev", "--expect-no-changes")).ExitCode);

        Assert.Equal(0, (await RunAsync("state", "taint", CliHarness.Urn("c"), "-s", "dev", "--yes")).ExitCode);
        _provider.ClearCalls();
        Assert.Equal(0, (await RunAsync("up", "-s", "dev", "--yes")).ExitCode);
        Assert.Contains("create:c", _provider.Mutations);
        Assert.Contains("delete:c", _provider.Mutations);
        Assert.Null(Resources().Single(r => (string)r!["urn"]! == CliHarness.Urn("c"))!["taint"]);
    }

    [Fact]
    public async Task Repair_orders_dependencies_first_drops_dangling_references_and_prints_what_it_changed()
    {
        await DeployAsync();
        var root = JsonNode.Parse(File.ReadAllText(_cli.StatePath()))!;
        var resources = root["checkpoint"]!["latest"]!["resources"]!.AsArray();
        var list = resources.Select(r => r!.DeepClone()).Reverse().ToList();
        list.First(r => (string)r["urn"]! == CliHarness.Urn("c"))["dependencies"] = new JsonArray(CliHarness.Urn("gone"));
        root["checkpoint"]!["latest"]!["resources"] = new JsonArray(list.ToArray());
        File.WriteAllText(_cli.StatePath(), root.ToJsonString());

        var result = await RunAsync("state", "repair", "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"removed the dependency on {CliHarness.Urn("gone")}", result.Out);
        Assert.Contains("moved from position", result.Out);
        var urns = Urns();
        Assert.True(urns.ToList().IndexOf(CliHarness.Urn("a")) < urns.ToList().IndexOf(CliHarness.Urn("b")));
        Assert.Null(Resources().Single(r => (string)r!["urn"]! == CliHarness.Urn("c"))!["dependencies"]);
        var again = await RunAsync("state", "repair", "-s", "dev", "--yes");
        Assert.Contains("needs no repair", again.Out);
    }
}
