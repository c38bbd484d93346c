using System.Text.Json.Nodes;
using Infra.Engine.Providers;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>Pulumi's exit codes (v3.226+): 0 ok, 1 error, 2 flags/config, 6 no stack, 7 changes not expected, 8 cancelled.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();
    private readonly TestProgram _program;

    public ExitCodeTests() => _program = new TestProgram(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
    }, _provider.Object);

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(_program, args);

    private static void AssertExit(int expected, CliResult result) => Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");

    [Fact]
    public async Task Up_with_yes_is_0_and_a_second_up_changes_nothing()
    {
        AssertExit(0, await Run("up", "-s", "dev", "--yes"));
        Assert.Equal(["create:a", "create:b"], _provider.Mutations);
        _provider.ClearCalls();

        AssertExit(0, await Run("up", "-s", "dev", "--yes", "--expect-no-changes"));
        Assert.Empty(_provider.Mutations);
    }

    [Theory]
    [InlineData("up", "-s", "dev", "--yes", "--no-such-flag")]
    [InlineData("preview", "-s", "dev", "--parallel", "0")]
    [InlineData("frobnicate")]
    public async Task Bad_flags_are_2(params string[] args)
    {
        var result = await Run(args);

        AssertExit(2, result);
        Assert.StartsWith("error:", result.Error);
        Assert.Empty(_provider.Mutations);
    }

    [Fact]
    public async Task Up_without_yes_when_not_interactive_is_2_and_changes_nothing()
    {
        var result = await Run("up", "-s", "dev");

        AssertExit(2, result);
        Assert.Contains("--yes", result.Error);
        Assert.Contains("non-interactive", result.Error);
        Assert.Empty(_provider.Mutations);
        Assert.False(File.Exists(_cli.StatePath()));
        Assert.False(File.Exists(_cli.LockPath()));
    }

    [Theory]
    [InlineData("stack", "output", "-s", "nope")]
    [InlineData("preview", "-s", "nope")]
    [InlineData("refresh", "-s", "nope", "--yes")]
    public async Task A_stack_that_does_not_exist_is_6(params string[] args)
    {
        var result = await Run(args);

        AssertExit(6, result);
        Assert.Contains("'nope'", result.Error);
    }

    [Fact]
    public async Task Preview_expect_no_changes_is_7_with_changes_and_0_without()
    {
        var before = await Run("preview", "-s", "dev", "--expect-no-changes");
        AssertExit(7, before);
        Assert.Contains("no changes were expected", before.Error);
        Assert.Empty(_provider.Mutations);

        AssertExit(0, await Run("up", "-s", "dev", "--yes"));
        AssertExit(0, await Run("preview", "-s", "dev", "--expect-no-changes"));
    }

    [Fact]
    public async Task Refresh_preview_only_expect_no_changes_is_7_on_drift_and_writes_nothing()
    {
        AssertExit(0, await Run("up", "-s", "dev", "--yes"));
        var state = await File.ReadAllBytesAsync(_cli.StatePath());
        AssertExit(0, await Run("refresh", "-s", "dev", "--preview-only", "--expect-no-changes"));

        _provider.Read = r => ProviderMock.NameOf(r.Urn) == "a" ? new ReadResult(r.Id, new JsonObject { ["value"] = "changed by hand" }, r.Outputs) : null;
        var drift = await Run("refresh", "-s", "dev", "--preview-only", "--expect-no-changes");

        AssertExit(7, drift);
        Assert.Contains("test:Thing a update: changed outside infra: value", drift.Out);
        Assert.Contains("changed by hand", drift.Out);
        Assert.Equal(state, await File.ReadAllBytesAsync(_cli.StatePath()));
        Assert.Contains("read:a", _provider.Calls);
    }

    [Fact]
    public async Task Refresh_of_a_resource_that_is_gone_is_a_delete_step_and_then_up_recreates_it()
    {
        AssertExit(0, await Run("up", "-s", "dev", "--yes"));
        _provider.Read = r => ProviderMock.NameOf(r.Urn) == "b" ? ReadResult.Gone : null;

        var preview = await Run("refresh", "-s", "dev", "--preview-only", "--expect-no-changes");
        AssertExit(7, preview);
        Assert.Contains("-  test:Thing b delete: deleted outside infra", preview.Out);

        AssertExit(0, await Run("refresh", "-s", "dev", "--yes"));
        var resources = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath()))!["checkpoint"]!["latest"]!["resources"]!.AsArray();
        Assert.DoesNotContain(resources, r => ((string)r!["urn"]!).EndsWith("::b", StringComparison.Ordinal));
        Assert.Contains(resources, r => ((string)r!["urn"]!).EndsWith("::a", StringComparison.Ordinal));
        Assert.DoesNotContain(_provider.Calls, c => c.StartsWith("delete:", StringComparison.Ordinal));

        _provider.ClearCalls();
        _provider.Read = null;
        AssertExit(7, await Run("preview", "-s", "dev", "--expect-no-changes"));
        AssertExit(0, await Run("up", "-s", "dev", "--yes"));
        Assert.Equal(["create:b"], _provider.Mutations);
    }

    [Fact]
    public async Task Destroy_deletes_dependents_first_and_leaves_an_empty_stack()
    {
        AssertExit(0, await Run("up", "-s", "dev", "--yes"));
        _provider.ClearCalls();

        AssertExit(2, await Run("destroy", "-s", "dev"));
        Assert.Empty(_provider.Mutations);
        var destroy = await Run("destroy", "-s", "dev", "--yes");

        AssertExit(0, destroy);
        Assert.Equal(["delete:b", "delete:a"], _provider.Mutations);
        var resources = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath()))!["checkpoint"]!["latest"]!["resources"]!.AsArray();
        Assert.Empty(resources);
    }

    [Fact]
    public async Task Cancelling_during_up_is_8_after_the_running_step_finished_and_the_state_was_saved()
    {
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.BeforeCreate = async r =>
        {
            if (ProviderMock.NameOf(r.Urn) != "first") return;
            aStarted.SetResult();
            await aRelease.Task;
        };
        var program = new TestProgram(root =>
        {
            new Thing("first", new ThingArgs { Value = "1" }, root);
            new Thing("second", new ThingArgs { Value = "2" }, root);
        }, _provider.Object);
        using var cancel = new CancellationTokenSource();

        var run = _cli.RunAsync(program, cancel.Token, "up", "-s", "dev", "--yes", "--parallel", "1");
        await aStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancel.Cancel();
        aRelease.SetResult();
        var result = await run;

        AssertExit(8, result);
        Assert.Contains("cancelled", result.Error);
        Assert.Equal(["create:first"], _provider.Mutations);
        var latest = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath()))!["checkpoint"]!["latest"]!;
        var first = Assert.Single(latest["resources"]!.AsArray(), r => ((string)r!["urn"]!).EndsWith("::first", StringComparison.Ordinal));
        Assert.Equal("first-1", (string?)first!["id"]);
        Assert.DoesNotContain(latest["resources"]!.AsArray(), r => ((string)r!["urn"]!).EndsWith("::second", StringComparison.Ordinal));
        Assert.Null(latest["pending_operations"]);
        Assert.False(File.Exists(_cli.LockPath()));
    }
}
