using System.Text.Json.Nodes;
using Infra.EndToEnd.Tests.Support;
using Infra.Providers.Docker;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// Issue 14, item 4: the disk that holds the state fills up (a 1 MiB tmpfs as the stack's <c>file://</c> state folder,
/// filled by the test). Full before the run: <c>up</c> stops before touching the host, saying which file it could
/// not write. Filled while a replacement is under way: the run fails naming the state file, the checkpoint on disk is
/// a whole one (never a truncated file), no temp file is left, and once there is room the next plain <c>up</c> converges.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_state_disk_stops_up_before_the_host_or_keeps_a_whole_checkpoint_and_the_next_up_converges()
    {
        var stack = TestStack.Create(output: output);
        await RunOkAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", stack.BackendDir);
        var fill = Path.Combine(stack.BackendDir, "e2e-fill");
        try
        {
            await FillAsync(fill);
            var refused = await stack.InfraAsync("up", "--yes");
            Assert.True(refused.ExitCode != 0, refused.ToString());
            Assert.Contains($"file://{stack.BackendDir}/", refused.Stderr);
            Assert.Contains("No space left on device", refused.Stderr);
            Assert.Empty(await DockerCli.ContainersAsync(stack.Prefix));
            Assert.Empty(await DockerCli.NetworksAsync(stack.Prefix));
            AssertNoTempFiles(stack);
            File.Delete(fill);

            await stack.UpAsync();
            await stack.AssertConvergedAsync();

            // Filled while up replaces redis: the run is stopped (SIGSTOP) at the line, the disk filled, the run let go on.
            var redis = await stack.UrnAsync(ContainerKind.TypeToken, "redis");
            using (var up = stack.StartInfra("up", "--yes", "--replace", redis))
            {
                await up.WaitForLineAsync(l => l.Contains($"{ContainerKind.TypeToken} redis deleting original"), TimeSpan.FromMinutes(4));
                await RunOkAsync("kill", "-STOP", up.Id.ToString());
                try { await FillAsync(fill); }
                finally { await RunOkAsync("kill", "-CONT", up.Id.ToString()); }
                var failed = await up.WaitAsync(TimeSpan.FromMinutes(5));
                stack.Record(failed, ["up", "--yes", "--replace", redis, "(disk filled while it ran)"]);
                Assert.True(failed.ExitCode != 0, failed.ToString());
                Assert.Contains($"file://{stack.BackendDir}/", failed.Stderr);
                Assert.Contains("No space left on device", failed.Stderr);
            }
            var state = Path.Combine(Directory.GetDirectories(Path.Combine(stack.BackendDir, "stacks")).Single(), $"{stack.Name}.json");
            Assert.True(JsonNode.Parse(await File.ReadAllTextAsync(state))?["checkpoint"]?["latest"] is JsonObject, $"{state} is not a whole checkpoint");
            AssertNoTempFiles(stack);
            File.Delete(fill);

            await stack.UpAsync();
            await stack.AssertConvergedAsync();
        }
        finally
        {
            File.Delete(fill);
            await stack.DisposeAsync();
            await ChildProcess.RunAsync("umount", [stack.BackendDir], TimeSpan.FromMinutes(1));
            try { Directory.Delete(stack.Root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Writes zeros until the file system is full (dd stops at ENOSPC).</summary>
    private static async Task FillAsync(string file)
    {
        var dd = await ChildProcess.RunAsync("dd", ["if=/dev/zero", $"of={file}", "bs=4k"], TimeSpan.FromMinutes(1));
        Assert.True(dd.Stderr.Contains("No space left on device"), dd.ToString());
    }

    private static void AssertNoTempFiles(TestStack stack) =>
        Assert.Empty(Directory.GetFiles(stack.BackendDir, "*.tmp", SearchOption.AllDirectories));

    private static async Task RunOkAsync(string file, params string[] args)
    {
        var result = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
