using System.Diagnostics;
using System.Text.Json.Nodes;
using Infra.Engine.State;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>The stack lock, between processes.</summary>
public sealed class LockTests : IDisposable
{
    private readonly CliHarness _cli = new("x");

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_second_process_is_refused_at_once_naming_the_holder_and_cancel_removes_the_lock()
    {
        // The real program needs its required secret; nothing here contacts Docker.
        var config = await _cli.RunProcessAsync("config", "set", "-s", "x", "--secret", "infra:groqApiKey", "gsk_test");
        Assert.True(config.ExitCode == 0, config.ToString());
        var store = new StateStore(new FileBlobStorage(_cli.BackendDir));
        await using (await store.LockAsync("proj", "x", "infra up (test)", null, CancellationToken.None))
        {
            var refused = await _cli.RunProcessAsync("up", "-s", "x", "--yes");

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"pid {Environment.ProcessId}", refused.Error);
            Assert.Contains($"host {Environment.MachineName}", refused.Error);
            Assert.Contains("infra cancel", refused.Error);
            Assert.False(File.Exists(_cli.StatePath("x")), "the refused run must not touch the state");
            var holder = JsonNode.Parse(await File.ReadAllTextAsync(_cli.LockPath("x")))!;
            Assert.Equal(Environment.ProcessId, (int)holder["pid"]!);

            var cancel = await _cli.RunProcessAsync("cancel", "-s", "x", "--yes");

            Assert.True(cancel.ExitCode == 0, cancel.ToString());
            Assert.Contains("has been removed", cancel.Out);
            Assert.False(File.Exists(_cli.LockPath("x")));
        }

        // With the lock gone a locking command goes through (and releases its own lock); refresh of an
        // empty stack needs no Docker.
        var refresh = await _cli.RunProcessAsync("refresh", "-s", "x", "--yes");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.True(File.Exists(_cli.StatePath("x")));
        Assert.False(File.Exists(_cli.LockPath("x")));
    }

    [Fact]
    public async Task A_stale_lock_of_a_dead_process_on_this_host_is_taken_over_with_a_warning()
    {
        var deadPid = DeadPid();
        WriteLock(deadPid, Environment.MachineName);
        var provider = new ProviderMock();
        var program = new TestProgram(root => new Thing("a", new ThingArgs { Value = "1" }, root), provider.Object);

        var result = await _cli.RunAsync(program, "up", "-s", "x", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: removed a stale lock", result.Error);
        Assert.Contains($"pid {deadPid}", result.Error);
        Assert.Equal(["create:a"], provider.Mutations);
        Assert.False(File.Exists(_cli.LockPath("x")));
    }

    [Fact]
    public async Task A_lock_held_from_another_host_is_never_taken_over_but_preview_still_runs()
    {
        WriteLock(1, "some-other-host");
        var provider = new ProviderMock();
        var program = new TestProgram(root => new Thing("a", new ThingArgs { Value = "1" }, root), provider.Object);

        var result = await _cli.RunAsync(program, "up", "-s", "x", "--yes");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("host some-other-host", result.Error);
        Assert.Empty(provider.Mutations);
        Assert.True(File.Exists(_cli.LockPath("x")));
        Assert.Equal(0, (await _cli.RunAsync(program, "preview", "-s", "x")).ExitCode);
    }

    private void WriteLock(int pid, string host)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_cli.LockPath("x"))!);
        File.WriteAllBytes(_cli.LockPath("x"), new LockHolder(pid, "someone", host, DateTimeOffset.UtcNow, "infra up").ToJson());
    }

    /// <summary>The pid of a process that has run and exited (and been reaped).</summary>
    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        var pid = p.Id;
        Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} is still in use");
        return pid;
    }
}
