using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>infra stack history</c>: one entry per operation with the state it started from, bounded, restorable.</summary>
public sealed class StackHistoryTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    private TestProgram Program(string value = "1") => new(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = value }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
    }, _provider.Object);

    private async Task OkAsync(params string[] args)
    {
        var result = await _cli.RunAsync(Program(), args);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private async Task<JsonArray> HistoryAsync()
    {
        var result = await _cli.RunAsync(Program(), "stack", "history", "-s", "dev", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Out)!.AsArray();
    }

    [Fact]
    public async Task Each_operation_is_one_entry_newest_first_with_its_kind_result_and_changes()
    {
        await OkAsync("up", "-s", "dev", "--yes");
        await OkAsync("refresh", "-s", "dev", "--yes");
        await OkAsync("destroy", "-s", "dev", "--yes");

        var history = await HistoryAsync();

        Assert.Equal(["destroy", "refresh", "update"], history.Select(e => (string)e!["kind"]!));
        Assert.Equal([3, 2, 1], history.Select(e => (int)e!["version"]!));
        Assert.All(history, e => Assert.Equal("succeeded", (string?)e!["result"]));
        // Two things and the stack's own resource.
        Assert.Equal(3, (int)history[2]!["resourceChanges"]!["create"]!);
        Assert.Equal(3, (int)history[0]!["resourceChanges"]!["delete"]!);
        var text = await _cli.RunAsync(Program(), "stack", "history", "-s", "dev");
        Assert.Contains("+3 ~0 -0", text.Out);
        Assert.Contains("+0 ~0 -3", text.Out);
    }

    [Fact]
    public async Task Export_of_a_version_is_the_state_that_operation_started_from_and_importing_it_restores_it()
    {
        await OkAsync("up", "-s", "dev", "--yes");
        await OkAsync("destroy", "-s", "dev", "--yes");

        var export = await _cli.RunAsync(Program(), "stack", "export", "-s", "dev", "--version", "2");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(3, JsonNode.Parse(export.Out)!["deployment"]!["resources"]!.AsArray().Count);
        var first = JsonNode.Parse((await _cli.RunAsync(Program(), "stack", "export", "-s", "dev", "--version", "1")).Out)!;
        Assert.Empty(first["deployment"]!["resources"]!.AsArray());

        var file = Path.Combine(_cli.Root, "v2.json");
        await File.WriteAllTextAsync(file, export.Out);
        await OkAsync("stack", "import", "-s", "dev", "--file", file);

        var state = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath()))!["checkpoint"]!["latest"]!;
        Assert.Equal(3, state["resources"]!.AsArray().Count);
        Assert.Equal("import", (string?)(await HistoryAsync())[0]!["kind"]);
    }

    [Fact]
    public async Task A_version_not_in_the_history_is_one_line_exit_2()
    {
        await OkAsync("up", "-s", "dev", "--yes");

        var result = await _cli.RunAsync(Program(), "stack", "export", "-s", "dev", "--version", "9");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no version 9", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task The_history_keeps_the_last_INFRA_HISTORY_LIMIT_operations_and_their_checkpoints_only()
    {
        _cli.Env["INFRA_HISTORY_LIMIT"] = "2";
        await OkAsync("up", "-s", "dev", "--yes");
        await OkAsync("refresh", "-s", "dev", "--yes");
        await OkAsync("refresh", "-s", "dev", "--yes");

        Assert.Equal([3, 2], (await HistoryAsync()).Select(e => (int)e!["version"]!));
        var folder = Path.Combine(_cli.BackendDir, "stacks", "proj", "dev.history");
        Assert.False(File.Exists(Path.Combine(folder, "1.json")));
        Assert.True(File.Exists(Path.Combine(folder, "3.json")));
        var ls = await _cli.RunAsync(Program(), "stack", "ls");
        Assert.DoesNotContain("history", ls.Out);
    }

    [Fact]
    public async Task A_declined_up_leaves_no_entry_and_no_checkpoint_in_the_history_folder()
    {
        await OkAsync("up", "-s", "dev", "--yes");
        _cli.Input = "no\n";

        await _cli.RunAsync(Program("2"), "up", "-s", "dev");

        _cli.Input = null;
        Assert.Single(await HistoryAsync());
        var folder = Path.Combine(_cli.BackendDir, "stacks", "proj", "dev.history");
        Assert.Equal(["1.json", "index.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failed_up_is_recorded_as_failed_and_previews_are_not_recorded()
    {
        _provider.BeforeCreate = r => ProviderMock.NameOf(r.Urn) == "b" ? throw new InvalidOperationException("no") : Task.CompletedTask;
        Assert.Equal(1, (await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes")).ExitCode);
        await OkAsync("preview", "-s", "dev");
        await OkAsync("refresh", "-s", "dev", "--preview-only");

        var entry = Assert.Single(await HistoryAsync());
        Assert.Equal("failed", (string?)entry!["result"]);
        Assert.Equal(2, (int)entry["resourceChanges"]!["create"]!); // the stack's resource and 'a'; 'b' failed
    }
}
