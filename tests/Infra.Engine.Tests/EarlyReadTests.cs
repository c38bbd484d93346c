using Infra.Engine.Secrets;
using Infra.Engine.State;

namespace Infra.Engine.Tests;

/// <summary>What a command reads ahead of need: the state before its lock, the passphrase key before its arguments.</summary>
public sealed class EarlyReadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("infra-early-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StackSnapshot Snapshot(params string[] names) =>
        new([.. names.Select(n => new ResourceState { Urn = Infra.Engine.Model.Urn.Create("dev", "proj", "test:index:Thing", n).ToString(), Type = "test:index:Thing", Id = n })], []);

    private async Task<StateStore> StoreWithAsync(StackSnapshot snapshot)
    {
        await new StateStore(new FileBlobStorage(_dir)).SaveAsync("proj", "dev", snapshot, null, null, CancellationToken.None);
        return new StateStore(new FileBlobStorage(_dir));
    }

    private static async Task<StackSnapshot> LoadAsync(StateStore store, bool keep = false) =>
        (await store.LoadAsync("proj", "dev", () => throw new InvalidOperationException("no secrets here"), CancellationToken.None, keep)).Snapshot;

    [Fact]
    public async Task A_read_of_the_same_checkpoint_after_a_peek_returns_the_peeked_snapshot_once()
    {
        var store = await StoreWithAsync(Snapshot("a"));

        var peeked = await LoadAsync(store, keep: true);
        var underLock = await LoadAsync(store);
        var later = await LoadAsync(store);

        Assert.Same(peeked, underLock);
        Assert.NotSame(underLock, later);
        Assert.Equal(underLock.Resources.Select(r => r.Urn), later.Resources.Select(r => r.Urn));
    }

    [Fact]
    public async Task A_read_after_another_run_saved_parses_the_new_checkpoint()
    {
        var store = await StoreWithAsync(Snapshot("a"));
        var peeked = await LoadAsync(store, keep: true);

        await new StateStore(new FileBlobStorage(_dir)).SaveAsync("proj", "dev", Snapshot("a", "b"), null, null, CancellationToken.None);
        var underLock = await LoadAsync(store);

        Assert.NotSame(peeked, underLock);
        Assert.Equal(["a", "b"], underLock.Resources.Select(r => r.Id));
    }

    [Fact]
    public async Task Plain_reads_never_share_a_snapshot()
    {
        var store = await StoreWithAsync(Snapshot("a"));

        Assert.NotSame(await LoadAsync(store), await LoadAsync(store));
    }

    [Fact]
    public async Task The_checkpoint_an_operation_starts_from_is_the_one_it_loaded_without_reading_it_again()
    {
        await StoreWithAsync(Snapshot("a"));
        var storage = new CountingStorage(new FileBlobStorage(_dir));
        var store = new StateStore(storage);
        await LoadAsync(store);
        var loaded = await File.ReadAllBytesAsync(Path.Combine(_dir, StateStore.StatePath("proj", "dev")));

        var current = await store.ReadCurrentAsync("proj", "dev", CancellationToken.None);

        Assert.Equal(loaded, current);
        Assert.Equal(1, storage.Reads);
    }

    [Fact]
    public async Task Without_a_load_the_current_checkpoint_is_read()
    {
        await StoreWithAsync(Snapshot("a"));
        var storage = new CountingStorage(new FileBlobStorage(_dir));

        Assert.NotNull(await new StateStore(storage).ReadCurrentAsync("proj", "dev", CancellationToken.None));
        Assert.Null(await new StateStore(storage).ReadCurrentAsync("proj", "other", CancellationToken.None));
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task Taking_the_lock_tells_the_storage_what_is_read_next_and_still_reads_it()
    {
        await StoreWithAsync(Snapshot("a"));
        var storage = new CountingStorage(new FileBlobStorage(_dir));
        var store = new StateStore(storage);
        string[] next = [StateStore.StatePath("proj", "dev"), "stacks/proj/dev.history/index.json"];

        await using (await store.LockAsync("proj", "dev", "infra up", null, CancellationToken.None, next))
        {
            Assert.Equal(next, storage.ReadNext);
            Assert.Equal(["a"], (await LoadAsync(store)).Resources.Select(r => r.Id));
        }
        Assert.Equal(1, storage.Reads);
    }

    private sealed class CountingStorage(IBlobStorage inner) : IBlobStorage
    {
        public int Reads;
        public IReadOnlyList<string>? ReadNext;
        public Task<bool> CreateExclusiveAsync(string path, byte[] content, IReadOnlyList<string> readNext, CancellationToken ct)
        {
            ReadNext = readNext;
            return inner.CreateExclusiveAsync(path, content, readNext, ct);
        }
        public string Location => inner.Location;
        public Task<byte[]?> ReadAsync(string path, CancellationToken ct) { Interlocked.Increment(ref Reads); return inner.ReadAsync(path, ct); }
        public Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct) => inner.WriteAtomicAsync(path, content, ct);
        public Task<bool> CreateExclusiveAsync(string path, byte[] content, CancellationToken ct) => inner.CreateExclusiveAsync(path, content, ct);
        public Task DeleteAsync(string path, CancellationToken ct) => inner.DeleteAsync(path, ct);
        public Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken ct) => inner.ListAsync(directory, ct);
    }

    private static string NewSalt(string passphrase) => PassphraseCrypter.CreateNew(passphrase).EncryptionSalt;

    [Fact]
    public async Task A_key_derivation_is_shared_by_whoever_asks_for_the_same_passphrase_and_salt()
    {
        var salt = NewSalt("one");

        var first = KeyDerivations.Start("one", salt);
        var again = KeyDerivations.Start("one", salt);
        var other = KeyDerivations.Start("two", salt);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        var crypter = await first;
        Assert.Equal("x", crypter.Decrypt(crypter.Encrypt("x")));
        await Assert.ThrowsAsync<IncorrectPassphraseException>(() => other);
    }

    [Fact]
    public async Task A_salt_that_is_not_one_fails_the_derivation_that_asked_for_it()
    {
        await Assert.ThrowsAsync<FormatException>(() => KeyDerivations.Start("one", "v2:c2FsdHNhbHQ=:check"));
    }
}
