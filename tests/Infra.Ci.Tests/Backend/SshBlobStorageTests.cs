using System.Text;
using Infra.Ci.Tests.Fixtures;
using Infra.Engine.State;
using Infra.Providers.Processes;
using Infra.Providers.Ssh;

namespace Infra.Ci.Tests.Backend;

/// <summary>The ssh:// state backend against the real test sshd: the file backend's guarantees, over one connection.</summary>
public sealed class SshBlobStorageTests : IAsyncLifetime, IDisposable
{
    private readonly RemoteFolder _folder = new();

    public Task InitializeAsync() => TestSshd.EnsureAsync();
    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => _folder.Dispose();

    private SshBlobStorage Storage(string user = "root", int port = TestSshd.Port, string? folder = null, IReadOnlyList<string>? options = null) =>
        new(SshTarget.Parse(TestSshd.Url(folder ?? _folder.Path, user, port)), options ?? TestSshd.Options());

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Files_round_trip_byte_for_byte_and_absent_files_read_as_null()
    {
        await using var storage = Storage();
        var content = new byte[] { 0, 1, 2, 255, 254, (byte)'\n', (byte)'\'', (byte)'"' }.Concat(Bytes("état ✓")).ToArray();

        Assert.Null(await storage.ReadAsync("stacks/p/s.json", default));
        await storage.WriteAtomicAsync("stacks/p/s.json", content, default);

        Assert.Equal(content, await storage.ReadAsync("stacks/p/s.json", default));
        Assert.Equal(content, await File.ReadAllBytesAsync(_folder.File("stacks/p/s.json")));
        Assert.Equal(["s.json"], await storage.ListAsync("stacks/p", default));
        Assert.Empty(await storage.ListAsync("stacks/nothing-here", default));
        Assert.Equal($"ssh://root@127.0.0.1:{TestSshd.Port}{_folder.Path}", storage.Location);
        // The state holds the stack's topology and encrypted secrets: only the login user may read it.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.File("stacks/p/s.json")));
    }

    [Fact]
    public async Task Text_with_quotes_dollars_newlines_and_markers_is_stored_byte_for_byte_by_writes_and_exclusive_creates()
    {
        await using var storage = Storage();
        var text = Bytes("{\"holder\": \"it's $USER `id` \\\" \\n on hôte ✓\"}\nINFRA-DATA-x\nINFRA-END-x 0\n'\n\n\r\n  trailing  ");

        await storage.WriteAtomicAsync("stacks/p/index.json", text, default);
        Assert.True(await storage.CreateExclusiveAsync("locks/p/s.lock", text, default));
        Assert.False(await storage.CreateExclusiveAsync("locks/p/s.lock", Bytes("second"), default));

        Assert.Equal(text, await File.ReadAllBytesAsync(_folder.File("stacks/p/index.json")));
        Assert.Equal(text, await File.ReadAllBytesAsync(_folder.File("locks/p/s.lock")));
        Assert.Equal(text, await storage.ReadAsync("stacks/p/index.json", default));
    }

    [Fact]
    public async Task A_lock_created_with_files_to_read_next_answers_their_next_read_with_what_it_read_in_the_same_call()
    {
        await using var storage = Storage();
        await storage.WriteAtomicAsync("stacks/p/s.json", Bytes("state 1"), default);
        await storage.WriteAtomicAsync("stacks/p/s.history/index.json", Bytes("index 1"), default);

        Assert.True(await storage.CreateExclusiveAsync("locks/p/s.json", Bytes("holder"), ["stacks/p/s.json", "stacks/p/s.history/index.json", "stacks/p/s.rotation"], default));
        // Changed on the host behind the storage's back after the lock's call: the first read answers what that call read.
        await File.WriteAllBytesAsync(_folder.File("stacks/p/s.json"), Bytes("state 2"));
        await File.WriteAllBytesAsync(_folder.File("stacks/p/s.history/index.json"), Bytes("index 2"));
        await File.WriteAllBytesAsync(_folder.File("stacks/p/s.rotation"), Bytes("marker"));
        Assert.Equal(Bytes("state 1"), await storage.ReadAsync("stacks/p/s.json", default));
        Assert.Null(await storage.ReadAsync("stacks/p/s.rotation", default));
        // Once only: the next read reads the host.
        Assert.Equal(Bytes("state 2"), await storage.ReadAsync("stacks/p/s.json", default));
        Assert.Equal(Bytes("marker"), await storage.ReadAsync("stacks/p/s.rotation", default));
        // A file the storage wrote since is read from the host.
        await storage.WriteAtomicAsync("stacks/p/s.history/index.json", Bytes("index 3"), default);
        Assert.Equal(Bytes("index 3"), await storage.ReadAsync("stacks/p/s.history/index.json", default));

        // A lock that exists reads nothing ahead.
        Assert.False(await storage.CreateExclusiveAsync("locks/p/s.json", Bytes("second"), ["stacks/p/s.json"], default));
        await File.WriteAllBytesAsync(_folder.File("stacks/p/s.json"), Bytes("state 3"));
        Assert.Equal(Bytes("state 3"), await storage.ReadAsync("stacks/p/s.json", default));
    }

    [Fact]
    public async Task A_write_that_names_files_to_delete_deletes_them_once_written_and_a_failed_write_deletes_nothing()
    {
        await using var storage = Storage();
        foreach (var f in new[] { "h/1.json", "h/2 old.json", "h/3.json" }) await storage.WriteAtomicAsync(f, Bytes(f), default);

        await storage.WriteAtomicAsync("h/index.json", Bytes("[3]"), ["h/1.json", "h/2 old.json"], default);

        Assert.Equal(["3.json", "index.json"], (await storage.ListAsync("h", default)).Where(n => !n.EndsWith(".bak", StringComparison.Ordinal)));
        Assert.Equal(Bytes("[3]"), await storage.ReadAsync("h/index.json", default));

        Directory.CreateDirectory(_folder.File("h/blocked.json"));
        await Assert.ThrowsAsync<StateException>(() => storage.WriteAtomicAsync("h/blocked.json", Bytes("x"), ["h/3.json"], default));
        Assert.Equal(Bytes("h/3.json"), await storage.ReadAsync("h/3.json", default));
    }

    [Theory]
    [InlineData("unchanged")]
    [InlineData("changed on the host since it was read")]
    [InlineData("removed from the host since it was read")]
    public async Task A_write_of_the_bytes_a_file_there_held_when_read_stores_exactly_those_bytes(string source)
    {
        await using var storage = Storage();
        var checkpoint = new byte[64 * 1024];
        Random.Shared.NextBytes(checkpoint);
        await storage.WriteAtomicAsync("stacks/p/s.json", checkpoint, default);
        await storage.WriteAtomicAsync("stacks/p/s.history/1.json", Bytes("the previous entry"), default);
        Assert.Equal(checkpoint, await storage.ReadAsync("stacks/p/s.json", default));
        if (source.StartsWith("changed", StringComparison.Ordinal)) await File.WriteAllBytesAsync(_folder.File("stacks/p/s.json"), Bytes("edited by hand"));
        if (source.StartsWith("removed", StringComparison.Ordinal)) File.Delete(_folder.File("stacks/p/s.json"));

        await storage.WriteAtomicAsync("stacks/p/s.history/1.json", checkpoint, default);

        Assert.Equal(checkpoint, await File.ReadAllBytesAsync(_folder.File("stacks/p/s.history/1.json")));
        Assert.Equal("the previous entry", await File.ReadAllTextAsync(_folder.File("stacks/p/s.history/1.json.bak")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.File("stacks/p/s.history/1.json")));
        Assert.Equal(["1.json", "1.json.bak"], await storage.ListAsync("stacks/p/s.history", default));
    }

    [Fact]
    public async Task Replacing_keeps_the_previous_version_in_bak_and_a_concurrent_reader_never_sees_a_partial_file()
    {
        await using var writer = Storage();
        await using var reader = Storage();
        var reads = 0;
        var seen = new HashSet<int>();
        await writer.WriteAtomicAsync("stacks/p/s.json", Version(0), default);
        // Both logged in before the writes start: a reader still logging in would overlap none of them.
        Assert.NotNull(await reader.ReadAsync("stacks/p/s.json", default));

        using var done = new CancellationTokenSource();
        var readLoop = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var content = await reader.ReadAsync("stacks/p/s.json", default);
                Assert.NotNull(content);
                var version = int.Parse(Encoding.ASCII.GetString(content, 0, 8));
                Assert.True(Version(version).AsSpan().SequenceEqual(content), $"read {content.Length} bytes that are not a whole version {version}");
                lock (seen) seen.Add(version);
                Interlocked.Increment(ref reads);
            }
        });
        // At least 12 versions, and on until the reader has read during the writes (however the machine shares its time).
        var versions = 0;
        bool ReaderOverlapped() { lock (seen) return Volatile.Read(ref reads) >= 5 && seen.Count >= 2; }
        while (versions < 12 || (!ReaderOverlapped() && versions < 1000))
            await writer.WriteAtomicAsync("stacks/p/s.json", Version(++versions), default);
        done.Cancel();
        await readLoop;

        Assert.True(reads >= 5, $"only {reads} reads happened during the writes");
        Assert.True(seen.Count >= 2, "the reader saw a single version: the reads did not overlap the writes");
        Assert.Equal(Version(versions), await writer.ReadAsync("stacks/p/s.json", default));
        Assert.Equal(Version(versions - 1), await writer.ReadAsync("stacks/p/s.json.bak", default));
        Assert.Equal(["s.json", "s.json.bak"], await writer.ListAsync("stacks/p", default));
    }

    /// <summary>128 KiB that say their version at the start and all the way through, so any cut shows.</summary>
    private static byte[] Version(int v)
    {
        var line = Encoding.ASCII.GetBytes($"{v:D8} version {v} of the state, padded to a long line so a partial write is visible\n");
        var content = new byte[128 * 1024];
        for (var i = 0; i < content.Length; i++) content[i] = line[i % line.Length];
        return content;
    }

    [Fact]
    public async Task Exclusive_create_lets_exactly_one_of_many_racing_clients_win()
    {
        var clients = Enumerable.Range(0, 6).Select(_ => Storage()).ToList();
        try
        {
            // Logged in first, so that the race is between the creates themselves.
            await Task.WhenAll(clients.Select(c => c.ListAsync("locks", default)));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = clients.Select(async (c, i) =>
            {
                await start.Task;
                return await c.CreateExclusiveAsync("locks/p/s.json", Bytes($"holder {i}"), default);
            }).ToList();
            start.SetResult();
            var won = await Task.WhenAll(attempts);

            Assert.Single(won, w => w);
            var winner = Array.IndexOf(won, true);
            Assert.Equal($"holder {winner}", await File.ReadAllTextAsync(_folder.File("locks/p/s.json")));
            Assert.Equal(["s.json"], await clients[0].ListAsync("locks/p", default));
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task Racing_for_the_stack_lock_one_wins_and_the_losers_are_told_the_holder_and_its_host()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new StateStore(Storage())).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.ListStacksAsync("p", default)));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = stores.Select(async s =>
            {
                await start.Task;
                try { return (Lock: await s.LockAsync("p", "s", "infra up", null, default), Error: (string?)null); }
                catch (StackLockedException e) { return (Lock: (IAsyncDisposable?)null, Error: e.Message); }
            }).ToList();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Lock is not null);
            var losers = results.Where(r => r.Lock is null).ToList();
            Assert.Equal(stores.Count - 1, losers.Count);
            Assert.All(losers, l => Assert.Contains($"locked by pid {Environment.ProcessId} on host {Environment.MachineName}", l.Error));
            Assert.All(losers, l => Assert.Contains($"ssh://root@127.0.0.1:{TestSshd.Port}{_folder.Path}/locks/p/s.json", l.Error));

            await winner.Lock!.DisposeAsync();
            Assert.False(File.Exists(_folder.File("locks/p/s.json")));
        }
        finally
        {
            foreach (var s in stores) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_lock_held_by_another_machine_names_that_machine_and_is_never_taken_over()
    {
        Directory.CreateDirectory(_folder.File("locks/p"));
        var foreign = new LockHolder(1, "deploy", "ci-runner-7", DateTimeOffset.UtcNow, "infra up");
        await File.WriteAllBytesAsync(_folder.File("locks/p/s.json"), foreign.ToJson());
        await using var store = new StateStore(Storage());

        var error = await Assert.ThrowsAsync<StackLockedException>(() => store.LockAsync("p", "s", "infra up", _ => Assert.Fail("no takeover"), default));

        Assert.Contains("locked by pid 1 on host ci-runner-7 (user deploy", error.Message);
        Assert.Equal(foreign.ToJson(), await File.ReadAllBytesAsync(_folder.File("locks/p/s.json")));
    }

    [Fact]
    public async Task A_stale_lock_left_on_this_machine_by_a_dead_process_is_taken_over_with_a_warning()
    {
        Directory.CreateDirectory(_folder.File("locks/p"));
        await File.WriteAllBytesAsync(_folder.File("locks/p/s.json"), new LockHolder(DeadPid(), "someone", Environment.MachineName, DateTimeOffset.UtcNow, "infra up").ToJson());
        await using var store = new StateStore(Storage());
        var warnings = new List<string>();

        await using (await store.LockAsync("p", "s", "infra up", warnings.Add, default))
            Assert.Contains($"\"pid\":{Environment.ProcessId}", await File.ReadAllTextAsync(_folder.File("locks/p/s.json")));

        Assert.Contains(warnings, w => w.Contains("removed a stale lock", StringComparison.Ordinal));
    }

    private static int DeadPid()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    private static async Task<string> FailureAsync(Func<Task> operation)
    {
        var error = await Assert.ThrowsAsync<StateException>(operation);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public async Task An_unreachable_host_is_one_line_naming_the_host()
    {
        await using var storage = Storage(port: TestSshd.ClosedPort);

        var message = await FailureAsync(() => storage.ReadAsync("stacks/p/s.json", default));

        Assert.StartsWith($"state backend ssh://root@127.0.0.1:{TestSshd.ClosedPort}{_folder.Path}: ", message);
        Assert.Contains($"host 127.0.0.1 port {TestSshd.ClosedPort} is unreachable", message);
    }

    [Fact]
    public async Task A_refused_key_is_one_line_saying_authentication_was_refused_by_the_host()
    {
        var dir = Directory.CreateTempSubdirectory("infra-ci-key-");
        try
        {
            var key = Path.Combine(dir.FullName, "other");
            Assert.True((await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])).Succeeded);
            await using var storage = Storage(options: TestSshd.Options(key: key));

            var message = await FailureAsync(() => storage.WriteAtomicAsync("stacks/p/s.json", Bytes("{}"), default));

            Assert.Contains("authentication refused by 127.0.0.1 for user root", message);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task An_unknown_host_key_is_refused_and_never_accepted()
    {
        var knownHosts = Path.GetTempFileName();
        try
        {
            await using var storage = Storage(options: TestSshd.Options(knownHosts: knownHosts));

            var message = await FailureAsync(() => storage.ReadAsync("stacks/p/s.json", default));

            Assert.Contains("the host key of 127.0.0.1 is unknown or has changed", message);
            Assert.Equal("", (await File.ReadAllTextAsync(knownHosts)).Trim());
        }
        finally { File.Delete(knownHosts); }
    }

    [Fact]
    public async Task A_folder_the_user_may_not_write_is_one_line_saying_permission_denied_on_the_host()
    {
        var readOnly = _folder.ReadOnlyForOthers("shared");
        await using var storage = Storage(user: TestSshd.NoDockerUser, folder: readOnly);

        var write = await FailureAsync(() => storage.WriteAtomicAsync("stacks/p/s.json", Bytes("{}"), default));
        var lockFile = await FailureAsync(() => storage.CreateExclusiveAsync("locks/p/s.json", Bytes("{}"), default));

        foreach (var message in new[] { write, lockFile })
        {
            Assert.StartsWith($"state backend ssh://{TestSshd.NoDockerUser}@127.0.0.1:{TestSshd.Port}{readOnly}: ", message);
            Assert.Contains($"permission denied for {TestSshd.NoDockerUser} on 127.0.0.1", message);
        }
        Assert.Contains($"cannot write {readOnly}/stacks/p/s.json", write);
        Assert.Contains($"cannot create {readOnly}/locks/p/s.json", lockFile);
        Assert.Empty(Directory.GetFileSystemEntries(readOnly));
    }

    [Fact]
    public async Task A_folder_hidden_from_the_user_is_permission_denied_rather_than_an_empty_state()
    {
        await using var storage = Storage(user: TestSshd.NoDockerUser, folder: "/root/infra-state");

        var message = await FailureAsync(() => storage.ReadAsync("stacks/p/s.json", default));

        Assert.Contains($"permission denied for {TestSshd.NoDockerUser} on 127.0.0.1: cannot read /root/infra-state/stacks/p/s.json", message);
    }
}
