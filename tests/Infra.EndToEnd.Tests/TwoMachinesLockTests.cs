using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// Issue 14, item 5: two machines (two working copies; the second in its own UTS namespace with its own host name,
/// since the lock compares host names) run <c>up</c> at the same moment on one stack whose state is on the
/// <c>ssh://</c> backend (the test sshd). Both are told to pause once they hold the lock (<c>INFRA_TEST_PAUSE_AT</c>):
/// exactly one does, the other exits naming it. Killed there, its lock is not taken over from the other machine
/// without <c>infra cancel</c>; on its own machine a dead process's lock is.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class TwoMachinesLockTests(ITestOutputHelper output)
{
    private const string OtherHost = "e2e-other-machine";

    [Fact]
    public async Task Two_machines_at_once_one_runs_the_other_names_it_and_a_dead_holder_elsewhere_needs_cancel()
    {
        await using var stack = TestStack.Create(output: output);
        var remote = Directory.CreateDirectory(Path.Combine(stack.Root, "remote-state")).FullName;
        var dir = E2eEnvironment.SshdDir;
        // A known_hosts of this test's own: its path in their command lines tells this test's ssh processes from others'.
        var knownHosts = Path.Combine(stack.Root, "known_hosts");
        File.Copy(Path.Combine(dir, "known_hosts"), knownHosts);
        var backend = new Dictionary<string, string?>
        {
            ["INFRA_BACKEND_URL"] = $"ssh://root@127.0.0.1:{E2eEnvironment.SshdPort}{remote}",
            ["INFRA_BACKEND_SSH_OPTS"] = $"-o UserKnownHostsFile={knownHosts} -o IdentitiesOnly=yes -o IdentityAgent=none -i {dir}/id_ed25519",
        };
        var paused = new Dictionary<string, string?>(backend) { [InfraKill.PauseVariable] = "lock-taken" };
        var here = stack.ProjectDir;
        var there = stack.CopyProject("project-other-machine");
        var thisHost = Environment.MachineName;
        Assert.NotEqual(OtherHost, thisHost);

        using var a = stack.StartInfraOn(null, here, paused, "up", "--yes");
        using var b = stack.StartInfraOn(OtherHost, there, paused, "up", "--yes");
        var first = await Task.WhenAny(
            a.WaitForLineAsync(l => l == "paused at lock-taken", TimeSpan.FromMinutes(2)).ContinueWith(_ => a),
            b.WaitForLineAsync(l => l == "paused at lock-taken", TimeSpan.FromMinutes(2)).ContinueWith(_ => b));
        var (winner, loser) = (await first) == a && a.OutputSoFar.Contains("paused at lock-taken") ? (a, b) : (b, a);
        Assert.Contains("paused at lock-taken", winner.OutputSoFar);
        var (winnerHost, loserHost, loserCopy) = winner == a ? (thisHost, OtherHost, there) : (OtherHost, thisHost, here);

        var refused = await loser.WaitAsync(TimeSpan.FromMinutes(2));
        stack.Record(refused, ["up", "--yes", $"(on {loserHost}, at the same time)"]);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"pid {winner.Id} on host {winnerHost}", refused.Stderr);
        Assert.DoesNotContain("paused at", refused.Stderr);
        Assert.False(winner.HasExited);

        winner.KillTree();
        stack.Record(await winner.WaitAsync(TimeSpan.FromSeconds(30)), ["up", "--yes", $"(on {winnerHost}, SIGKILL while holding the lock)"]);

        // From the other machine the dead holder is not known to be dead: the lock stays until `infra cancel`.
        string? loserHostName = loserHost == thisHost ? null : loserHost;
        var again = await RunAsync(stack, loserHostName, loserCopy, backend, "up", "--yes");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"pid {winner.Id} on host {winnerHost}", again.Stderr);
        Assert.Contains("infra cancel", again.Stderr);
        var cancel = await RunAsync(stack, loserHostName, loserCopy, backend, "cancel", "--yes");
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains("has been removed", cancel.Stdout);

        // Now the other machine takes it; killed there too, its own next run sees its dead process and takes it over.
        using (var c = stack.StartInfraOn(loserHostName, loserCopy, paused, "up", "--yes"))
        {
            await c.WaitForLineAsync(l => l == "paused at lock-taken", TimeSpan.FromMinutes(2));
            c.KillTree();
            stack.Record(await c.WaitAsync(TimeSpan.FromSeconds(30)), ["up", "--yes", $"(on {loserHost}, SIGKILL while holding the lock)"]);
        }
        using (var d = stack.StartInfraOn(loserHostName, loserCopy, paused, "up", "--yes"))
        {
            await d.WaitForLineAsync(l => l == "paused at lock-taken", TimeSpan.FromMinutes(2));
            Assert.Contains("removed a stale lock", d.OutputSoFar);
            d.KillTree();
            stack.Record(await d.WaitAsync(TimeSpan.FromSeconds(30)), ["up", "--yes", $"(on {loserHost}, took over its own dead lock)"]);
        }
        Assert.Empty(await DockerCli.ContainersAsync(stack.Prefix));
        var done = await RunAsync(stack, loserHostName, loserCopy, backend, "cancel", "--yes");
        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Empty(SshProcesses.Naming(knownHosts));
    }

    private static async Task<RunResult> RunAsync(TestStack stack, string? host, string copy, IReadOnlyDictionary<string, string?> variables, params string[] args)
    {
        using var run = stack.StartInfraOn(host, copy, variables, args);
        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));
        stack.Record(result, [.. args, host is null ? "" : $"(on {host})"]);
        return result;
    }
}
