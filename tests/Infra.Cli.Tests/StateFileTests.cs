using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.State;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>The state file: atomic writes with a backup, and refusal of files it cannot read.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    private TestProgram Program() => new(root => new Thing("a", new ThingArgs { Value = "1" }, root), _provider.Object);

    private static StackSnapshot OneResource(string id) => new(
        [new ResourceState { Urn = CliHarness.Urn("a"), Type = Thing.TypeToken, Id = id, Inputs = new JsonObject { ["value"] = id } }], []);

    [Fact]
    public async Task Each_write_replaces_the_file_whole_and_keeps_the_previous_version_as_bak()
    {
        var store = new StateStore(new FileBlobStorage(_cli.BackendDir));
        await store.SaveAsync("proj", "dev", OneResource("first"), null, null, CancellationToken.None);
        var firstBytes = await File.ReadAllBytesAsync(_cli.StatePath());
        Assert.False(File.Exists(_cli.StatePath() + ".bak"));

        await store.SaveAsync("proj", "dev", OneResource("second"), null, null, CancellationToken.None);

        Assert.Equal(firstBytes, await File.ReadAllBytesAsync(_cli.StatePath() + ".bak"));
        var (loaded, _) = await store.LoadAsync("proj", "dev", () => throw new InvalidOperationException("no secrets here"), CancellationToken.None);
        Assert.Equal("second", Assert.Single(loaded.Resources).Id);
        // No temporary file is left next to the state.
        Assert.Equal(["dev.json", "dev.json.bak"], Directory.GetFiles(Path.GetDirectoryName(_cli.StatePath())!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Up_checkpoints_leave_a_readable_bak_of_the_previous_checkpoint()
    {
        Assert.Equal(0, (await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes")).ExitCode);

        var current = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath()))!;
        var backup = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath() + ".bak"))!;
        Assert.Equal(3, (int)current["version"]!);
        Assert.Equal(3, (int)backup["version"]!);
        Assert.NotEqual(current.ToJsonString(), backup.ToJsonString());
    }

    [Theory]
    [InlineData("this is {not JSON at all")]
    [InlineData("{\"version\":3,\"checkpoint\":{\"latest\":{\"resources\":[{\"no-urn\":1}]}}}")]
    [InlineData("{\"version\":3,\"checkpoint\":{\"latest\":{\"resources\":[{\"urn\":\"a::b\",\"type\":\"test:Thing\"}]}}}")]
    public async Task A_corrupt_state_file_fails_with_one_line_naming_it_and_is_left_unchanged(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_cli.StatePath())!);
        await File.WriteAllTextAsync(_cli.StatePath(), content);

        var result = await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(_cli.StatePath(), line);
        Assert.Contains("corrupt", line);
        Assert.Equal(content, await File.ReadAllTextAsync(_cli.StatePath()));
        Assert.Empty(_provider.Mutations);
        Assert.False(File.Exists(_cli.LockPath()), "the lock must be released after the error");
    }

    [Fact]
    public async Task A_state_file_of_a_newer_version_fails_clearly_and_is_left_unchanged()
    {
        const string content = "{\"version\":99,\"checkpoint\":{\"latest\":{\"resources\":[]}}}";
        Directory.CreateDirectory(Path.GetDirectoryName(_cli.StatePath())!);
        await File.WriteAllTextAsync(_cli.StatePath(), content);

        var result = await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(_cli.StatePath(), line);
        Assert.Contains("version 99", line);
        Assert.Contains("newer", line);
        Assert.Equal(content, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_cli.StatePath())));
        Assert.False(File.Exists(_cli.StatePath() + ".bak"));
        Assert.Empty(_provider.Mutations);
    }
}
