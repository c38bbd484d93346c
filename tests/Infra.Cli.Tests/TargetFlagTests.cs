using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>
/// Pulumi's flags for targeted runs on up, preview, refresh and destroy: parsed (repeatable, short forms),
/// handed to the engine, and an unknown URN as one line and exit 2.
/// </summary>
public sealed class TargetFlagTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    private static readonly string A = CliHarness.Urn("a");
    private static readonly string B = CliHarness.Urn("b");
    private static readonly string C = CliHarness.Urn("c");

    public void Dispose() => _cli.Dispose();

    /// <summary>b depends on a; c stands alone.</summary>
    private TestProgram Program(string value = "1") => new(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = value }, root);
        new Thing("b", new ThingArgs { Value = value, Link = a.Out }, root);
        new Thing("c", new ThingArgs { Value = value }, root);
    }, _provider.Object);

    private async Task DeployAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes")).ExitCode);
        _provider.ClearCalls();
    }

    private static void AssertExit(int expected, CliResult result) => Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");

    [Fact]
    public async Task Up_takes_repeated_targets_in_long_and_short_form_and_leaves_the_rest_alone()
    {
        await DeployAsync();
        var state = File.ReadAllText(_cli.StatePath());

        var result = await _cli.RunAsync(Program("2"), "up", "-s", "dev", "--yes", "--target", B, "-t", C);

        AssertExit(0, result);
        Assert.Equal(["update:b", "update:c"], _provider.Mutations.Order().ToList());
        Assert.Contains("2 unchanged", result.Out); // a, and the stack itself
        var a = JsonNode.Parse(File.ReadAllText(_cli.StatePath()))!["checkpoint"]!["latest"]!["resources"]!.AsArray()
            .Single(r => (string?)r!["urn"] == A)!;
        Assert.Equal("1", (string?)a["inputs"]!["value"]);
        Assert.NotEqual(state, File.ReadAllText(_cli.StatePath()));
    }

    [Fact]
    public async Task Up_with_target_dependents_takes_what_depends_on_the_target()
    {
        await DeployAsync();

        AssertExit(0, await _cli.RunAsync(Program("2"), "up", "-s", "dev", "--yes", "-t", A, "--target-dependents"));

        Assert.Equal(["update:a", "update:b"], _provider.Mutations);
    }

    [Fact]
    public async Task Repeated_excludes_leave_each_out()
    {
        await DeployAsync();

        AssertExit(0, await _cli.RunAsync(Program("2"), "up", "-s", "dev", "--yes", "--exclude", A, "--exclude", B));

        Assert.Equal(["update:c"], _provider.Mutations);
    }

    [Fact]
    public async Task Preview_exclude_has_Pulumis_short_form_and_exclude_dependents()
    {
        await DeployAsync();

        var result = await _cli.RunAsync(Program("2"), "preview", "-s", "dev", "-x", A, "--exclude-dependents", "--json");

        AssertExit(0, result);
        var steps = JsonNode.Parse(result.Out)!["steps"]!.AsArray();
        Assert.Equal(["same", "same", "update"], new[] { A, B, C }.Select(u => (string)steps.Single(s => (string?)s!["urn"] == u)!["op"]!).ToList());
    }

    [Fact]
    public async Task Preview_json_shows_untargeted_resources_as_same_steps_not_targeted()
    {
        await DeployAsync();

        var result = await _cli.RunAsync(Program("2"), "preview", "-s", "dev", "--json", "--target", C);

        AssertExit(0, result);
        var steps = JsonNode.Parse(result.Out)!["steps"]!.AsArray();
        var a = steps.Single(s => (string?)s!["urn"] == A)!;
        Assert.Equal("same", (string?)a["op"]);
        Assert.Equal("not targeted", (string?)a["reason"]);
        Assert.Equal("update", (string?)steps.Single(s => (string?)s!["urn"] == C)!["op"]);
        Assert.Empty(_provider.Mutations);
    }

    [Fact]
    public async Task Up_replace_replaces_an_unchanged_resource()
    {
        await DeployAsync();

        var result = await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes", "--replace", C);

        AssertExit(0, result);
        Assert.Equal(["create:c", "delete:c"], _provider.Mutations);
        Assert.Contains("replace", result.Out);
    }

    [Fact]
    public async Task Up_target_replace_replaces_that_resource_and_touches_nothing_else()
    {
        await DeployAsync();

        AssertExit(0, await _cli.RunAsync(Program("2"), "up", "-s", "dev", "--yes", "--target-replace", C));

        Assert.Equal(["create:c", "delete:c"], _provider.Mutations);
    }

    [Theory]
    [InlineData("up", "--yes", "--target")]
    [InlineData("up", "--yes", "--exclude")]
    [InlineData("up", "--yes", "--replace")]
    [InlineData("up", "--yes", "--target-replace")]
    [InlineData("preview", "-t")]
    [InlineData("refresh", "--yes", "--target")]
    [InlineData("destroy", "--yes", "--target")]
    [InlineData("destroy", "--yes", "-x")]
    public async Task An_unknown_urn_is_one_line_naming_it_exit_2_and_nothing_changes(params string[] args)
    {
        await DeployAsync();
        var state = File.ReadAllText(_cli.StatePath());
        var nope = CliHarness.Urn("nope");

        var result = await _cli.RunAsync(Program("2"), [args[0], "-s", "dev", .. args[1..], nope]);

        AssertExit(2, result);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var flag = args[^1] switch { "-t" => "--target", "-x" => "--exclude", var f => f };
        Assert.StartsWith($"error: {flag} {nope}: no resource with this URN", line);
        Assert.Empty(_provider.Calls);
        Assert.Equal(state, File.ReadAllText(_cli.StatePath()));
    }

    [Fact]
    public async Task Target_and_exclude_together_are_refused_as_bad_flags()
    {
        await DeployAsync();

        var result = await _cli.RunAsync(Program("2"), "up", "-s", "dev", "--yes", "--target", A, "--exclude", B);

        AssertExit(2, result);
        Assert.Contains("--target and --exclude cannot be used together", result.Error);
        Assert.Empty(_provider.Calls);
    }

    [Fact]
    public async Task Up_has_no_short_form_for_exclude_as_in_Pulumi()
    {
        await DeployAsync();

        AssertExit(2, await _cli.RunAsync(Program("2"), "up", "-s", "dev", "--yes", "-x", A));
    }

    [Fact]
    public async Task Destroy_target_with_untargeted_dependents_is_refused_until_target_dependents()
    {
        await DeployAsync();

        var refused = await _cli.RunAsync(Program(), "destroy", "-s", "dev", "--yes", "--target", A);

        AssertExit(1, refused);
        Assert.Contains($"add --target {B} or pass --target-dependents", refused.Error);
        Assert.Empty(_provider.Mutations);

        AssertExit(0, await _cli.RunAsync(Program(), "destroy", "-s", "dev", "--yes", "--target", A, "--target-dependents"));
        Assert.Equal(["delete:b", "delete:a"], _provider.Mutations);
    }

    [Fact]
    public async Task Refresh_target_reads_only_the_target()
    {
        await DeployAsync();

        AssertExit(0, await _cli.RunAsync(Program(), "refresh", "-s", "dev", "--yes", "-t", C));

        Assert.Equal(["read:c"], _provider.Calls);
    }

    [Theory]
    [InlineData("up", "--target-replace")]
    [InlineData("preview", "--replace")]
    [InlineData("refresh", "--exclude-dependents")]
    [InlineData("destroy", "--target-dependents")]
    public async Task The_help_lists_the_flags(string verb, string flag)
    {
        var result = await _cli.RunAsync(Program(), verb, "--help");

        AssertExit(0, result);
        Assert.Contains(flag, result.Out);
        Assert.Contains("--target", result.Out);
    }
}
