using System.Text.Json.Nodes;
using Infra.EndToEnd.Tests.Support;
using Infra.Providers.Docker;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// Issue 14, items 2 and 3: the Docker host goes away in the middle of <c>up</c>, while containers are being created.
/// Its daemon stops (a daemon of the test's own, <c>.ci/dockerd-extra.sh</c>, never the shared one) and is started
/// again once <c>up</c> has given up; or the OpenSSH connection to an <c>ssh://</c> Docker host drops (its master
/// process killed). Either way <c>up</c> fails cleanly, naming the host, leaves no <c>ssh</c> behind, and the next
/// plain <c>up</c> converges and <c>verify</c> passes.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class HostFaultTests(ITestOutputHelper output)
{
    private const string Daemon = "e2e-restart";

    [Fact]
    public async Task Dockerd_restarted_mid_up_fails_it_naming_the_host_and_the_next_up_converges()
    {
        var host = await ExtraDockerd.StartAsync(Daemon, ExtraDockerd.StackImages);
        try
        {
            using var onExtra = DockerCli.On(host);
            await using var stack = TestStack.Create(output: output);
            await stack.InfraExpectAsync(0, "config", "set", "docker:host", host);

            var failed = await FaultMidUpAsync(stack, "dockerd stopped", () => ExtraDockerd.StopAsync(Daemon));
            await ExtraDockerd.StartAsync(Daemon, []);
            AssertFailedCleanly(failed, host);
            await AssertLeftPendingAsync(stack);

            await stack.UpAsync();
            await stack.AssertConvergedAsync();
            await stack.VerifyAsync();
        }
        finally { await ExtraDockerd.StopAsync(Daemon); }
    }

    [Fact]
    public async Task Ssh_connection_dropped_mid_up_fails_it_naming_the_host_leaves_no_ssh_and_the_next_up_converges()
    {
        await using var stack = TestStack.Create(output: output);
        // A known_hosts of this test's own: its path in their command lines tells this test's ssh processes from others'.
        var knownHosts = Path.Combine(stack.Root, "known_hosts");
        File.Copy(Path.Combine(E2eEnvironment.SshdDir, "known_hosts"), knownHosts);
        var host = $"ssh://root@127.0.0.1:{E2eEnvironment.SshdPort}";
        await stack.InfraExpectAsync(0, "config", "set", "docker:host", host);
        await File.AppendAllLinesAsync(stack.StackFile,
            [$"  docker:sshOpts: [\"-o\", \"UserKnownHostsFile={knownHosts}\", \"-o\", \"IdentitiesOnly=yes\", \"-i\", \"{E2eEnvironment.SshdDir}/id_ed25519\"]"]);

        var failed = await FaultMidUpAsync(stack, "ssh master killed", async () =>
        {
            var masters = SshProcesses.Naming(knownHosts).Where(p => p.CommandLine.Contains(" -M ")).ToList();
            Assert.True(masters.Count == 1, $"expected the run's one OpenSSH master, found: {string.Join("\n", masters)}");
            await ChildProcess.RunAsync("kill", ["-KILL", masters[0].Pid.ToString()], TimeSpan.FromMinutes(1));
        });
        AssertFailedCleanly(failed, "127.0.0.1");
        Assert.Empty(SshProcesses.Naming(knownHosts));

        await stack.UpAsync();
        await stack.AssertConvergedAsync();
        await stack.VerifyAsync();
        Assert.Empty(SshProcesses.Naming(knownHosts));
    }

    /// <summary>Starts a cold <c>up</c>, makes the fault once containers are being created, and returns how <c>up</c> ended.</summary>
    private static async Task<RunResult> FaultMidUpAsync(TestStack stack, string fault, Func<Task> make)
    {
        using var up = stack.StartInfra("up", "--yes");
        await up.WaitForLineAsync(l => l.Contains($"{ContainerKind.TypeToken} ") && l.EndsWith(" creating...", StringComparison.Ordinal), TimeSpan.FromMinutes(4));
        await make();
        stack.Write($"{fault} while up was creating containers");
        var result = await up.WaitAsync(TimeSpan.FromMinutes(5));
        stack.Record(result, ["up", "--yes", $"({fault} mid-run)"]);
        return result;
    }

    /// <summary>A run-time failure, not a hang or a crash: exit code 1, one error line naming the host, no stack trace.</summary>
    private static void AssertFailedCleanly(RunResult failed, string host)
    {
        Assert.True(failed.ExitCode == 1, $"expected exit code 1:\n{failed}");
        var errors = DockerCli.Lines(failed.Stderr).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1 && errors[0].Contains(host, StringComparison.Ordinal), $"expected one error line naming {host}:\n{failed}");
        Assert.DoesNotContain("   at ", failed.Output);
        Assert.DoesNotContain("Unhandled exception", failed.Output);
    }

    /// <summary>What the host was doing when it went is not known: those operations stay pending for the next run to read back.</summary>
    private static async Task AssertLeftPendingAsync(TestStack stack)
    {
        var pending = (await stack.StateAsync())["deployment"]!["pending_operations"] as JsonArray;
        Assert.True(pending is { Count: > 0 }, "expected the interrupted operations to be pending in the state, found none");
    }
}
