using System.Text.Json.Nodes;
using Infra.EndToEnd.Tests.Support;
using Infra.Providers.Command;
using Infra.Providers.Docker;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// Issue 14, item 1: <c>infra</c> killed with SIGKILL (the whole process tree) at each point of the table below, on
/// the real CLI and dockerd. Where the run prints something at that point the kill follows the line; where it prints
/// nothing (the lock, the checkpoint write) the run is paused there by the test-only <c>INFRA_TEST_PAUSE_AT</c>, never
/// timed by a sleep. The points are walked in two chains so that a cold deploy is paid twice, not once per point:
/// each point is one whose work the previous kills cannot have done yet (containers need the preflight, networks and
/// volumes; a fresh stack needs everything). Each chain ends with a plain <c>up</c> that converges (no pending
/// operation, state = host = program, nothing with the prefix beyond it), rows written to Postgres kept, and
/// <c>verify</c>; after every kill the state file, when there is one, is a whole checkpoint.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class KillPointTests(ITestOutputHelper output)
{
    /// <summary>A moment to kill <c>infra</c> at: a line it prints, or a pause point.</summary>
    public sealed record KillPoint(string Name, string Verb, Func<string, bool>? Line = null, string? Pause = null);

    // | # | point                     | command                         | how it is reached
    // |---|---------------------------|---------------------------------|------------------------------------------------
    // | 1 | lock taken                | up (cold)                       | INFRA_TEST_PAUSE_AT=lock-taken
    // | 2 | preflight                 | up (nothing done yet)           | "command:HostPreflight preflight creating..."
    // | 3 | container create          | up                              | first "docker:Container … creating..."
    // | 4 | waiting for health        | up                              | first "… waiting for … to become healthy"
    // | 5 | lock release              | up (runs to its end)            | INFRA_TEST_PAUSE_AT=lock-release
    // | 6 | replace, delete first     | up --replace <redis container>  | "docker:Container redis deleting original"
    // | 7 | replace, create first     | up --replace <preflight>        | "command:HostPreflight preflight creating replacement"
    // | 8 | destroy                   | destroy                         | first "docker:Container … deleting..."
    // | 9 | network create            | up (cold, volumes gone too)     | first "docker:Network … creating..."
    // |10 | volume create             | up                              | first "docker:Volume … creating..."
    // |11 | checkpoint write          | up                              | INFRA_TEST_PAUSE_AT=checkpoint-write@3 (temp file written, not renamed)
    // |12 | image (docker:Image)      | up --replace <an image>         | "docker:Image … creating replacement" (the demo stack builds no image: its
    // |   |                           |                                 | docker:Image is made from the local image, create first)
    public static readonly KillPoint LockTaken = new("lock taken", "up", Pause: "lock-taken");
    public static readonly KillPoint Preflight = new("preflight", "up", l => l.Contains($"{HostPreflightCheck.TypeToken} preflight creating..."));
    public static readonly KillPoint ContainerCreate = new("container create", "up", l => l.Contains($"{ContainerKind.TypeToken} ") && l.EndsWith(" creating...", StringComparison.Ordinal));
    public static readonly KillPoint HealthWait = new("waiting for health", "up", l => l.Contains(" to become healthy"));
    public static readonly KillPoint LockRelease = new("lock release", "up", Pause: "lock-release");
    public static readonly KillPoint ReplaceDeleteFirst = new("replace, delete first", "up", l => l.Contains($"{ContainerKind.TypeToken} redis deleting original"));
    public static readonly KillPoint ReplaceCreateFirst = new("replace, create first", "up", l => l.Contains($"{HostPreflightCheck.TypeToken} preflight creating replacement"));
    public static readonly KillPoint Destroy = new("destroy", "destroy", l => l.Contains($"{ContainerKind.TypeToken} ") && l.EndsWith(" deleting...", StringComparison.Ordinal));
    public static readonly KillPoint NetworkCreate = new("network create", "up", l => l.Contains($"{NetworkKind.TypeToken} ") && l.EndsWith(" creating...", StringComparison.Ordinal));
    public static readonly KillPoint VolumeCreate = new("volume create", "up", l => l.Contains($"{VolumeKind.TypeToken} ") && l.EndsWith(" creating...", StringComparison.Ordinal));
    public static readonly KillPoint CheckpointWrite = new("checkpoint write", "up", Pause: "checkpoint-write@3");
    public static readonly KillPoint ImageCreate = new("image create", "up", l => l.Contains($"{ImageKind.TypeToken} ") && l.Contains(" creating replacement"));

    public static IReadOnlyList<KillPoint> Table { get; } =
        [LockTaken, Preflight, ContainerCreate, HealthWait, LockRelease, ReplaceDeleteFirst, ReplaceCreateFirst, Destroy, NetworkCreate, VolumeCreate, CheckpointWrite, ImageCreate];

    private readonly List<string> _survived = [];

    [Fact]
    public async Task Killed_at_each_point_of_the_table_the_next_plain_up_converges_and_keeps_the_data()
    {
        await using var stack = TestStack.Create(output: output);
        try
        {
            // Chain 1: a cold deploy killed four times, then once as it lets go of the lock.
            foreach (var point in new[] { LockTaken, Preflight, ContainerCreate, HealthWait, LockRelease }) await KillAtAsync(stack, point);
            var up = await stack.UpAsync();
            Assert.Contains("removed a stale lock", up.Stderr);
            await ConvergedAsync(stack, LockTaken, Preflight, ContainerCreate, HealthWait, LockRelease);

            var pg = stack.Container("postgres");
            await DockerCli.OkAsync("exec", pg, "psql", "-U", "n8n", "-d", "n8n", "-v", "ON_ERROR_STOP=1",
                "-c", "create table e2e_kept (v text)", "-c", "insert into e2e_kept values ('written before the kills')");

            await KillAtAsync(stack, ReplaceDeleteFirst, "--replace", await stack.UrnAsync(ContainerKind.TypeToken, "redis"));
            await stack.UpAsync();
            await ConvergedAsync(stack, ReplaceDeleteFirst);

            await KillAtAsync(stack, ReplaceCreateFirst, "--replace", await stack.UrnAsync(HostPreflightCheck.TypeToken, "preflight"));
            await stack.UpAsync();
            await ConvergedAsync(stack, ReplaceCreateFirst);

            var image = (await stack.StateAsync())["deployment"]!["resources"]!.AsArray()
                .First(r => (string?)r!["type"] == ImageKind.TypeToken)!["urn"]!.GetValue<string>();
            await KillAtAsync(stack, ImageCreate, "--replace", image);
            await stack.UpAsync();
            await ConvergedAsync(stack, ImageCreate);

            await KillAtAsync(stack, Destroy);
            await stack.UpAsync();
            await ConvergedAsync(stack, Destroy);
            Assert.Equal("written before the kills", await DockerCli.OkAsync("exec", pg, "psql", "-U", "n8n", "-d", "n8n", "-tAc", "select v from e2e_kept"));
            await stack.VerifyAsync();

            // Chain 2: from nothing at all (the data volumes too), killed before any container can exist.
            await stack.InfraExpectAsync(0, "destroy", "--yes", "--include-retained");
            Assert.Empty(await DockerCli.VolumesAsync(stack.Prefix));
            foreach (var point in new[] { NetworkCreate, VolumeCreate, CheckpointWrite }) await KillAtAsync(stack, point);
            await stack.UpAsync();
            await ConvergedAsync(stack, NetworkCreate, VolumeCreate, CheckpointWrite);
            await stack.VerifyAsync();
        }
        finally
        {
            stack.Write($"kill points survived: {_survived.Count} of {Table.Count} ({string.Join(", ", _survived)})");
        }
        Assert.Equal(Table.Select(p => p.Name).Order(), _survived.Order());
    }

    private static async Task KillAtAsync(TestStack stack, KillPoint point, params string[] extra)
    {
        string[] args = [point.Verb, "--yes", .. extra];
        if (point.Pause is { } pause) await InfraKill.AtPauseAsync(stack, pause, args);
        else await InfraKill.AtLineAsync(stack, point.Name, point.Line!, args);
        AssertStateWhole(stack);
        stack.Write($"on the host after the kill at {point.Name}: {string.Join(", ", await DockerCli.ContainersAsync(stack.Prefix))}");
    }

    /// <summary>The state file a kill left (if any) is a complete checkpoint: never half written.</summary>
    private static void AssertStateWhole(TestStack stack)
    {
        var stacks = Path.Combine(stack.BackendDir, "stacks");
        if (!Directory.Exists(stacks)) return;
        foreach (var file in Directory.GetDirectories(stacks).SelectMany(d => Directory.GetFiles(d, "*.json")))
        {
            var checkpoint = JsonNode.Parse(File.ReadAllText(file))?["checkpoint"];
            Assert.True(checkpoint?["latest"] is JsonObject, $"{file} is not a whole checkpoint after the kill");
        }
    }

    private async Task ConvergedAsync(TestStack stack, params KillPoint[] points)
    {
        await stack.AssertConvergedAsync();
        _survived.AddRange(points.Select(p => p.Name));
    }
}
