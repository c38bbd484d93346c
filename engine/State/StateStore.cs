using Infra.Engine.Secrets;

namespace Infra.Engine.State;

/// <summary>
/// Stack state on a storage: <c>stacks/&lt;project&gt;/&lt;stack&gt;.json</c> (+ <c>.bak</c>) and
/// <c>locks/&lt;project&gt;/&lt;stack&gt;.json</c>.
/// </summary>
/// <param name="reached">Told <see cref="StatePoint.LockTaken"/> and <see cref="StatePoint.LockRelease"/> (tests pause there).</param>
public sealed class StateStore(IBlobStorage storage, Action<string>? reached = null) : IAsyncDisposable
{
    // The checkpoint last read or written per state path, with its manifest time: a save that would write the same
    // content (up to its time) writes nothing, so a run that changes nothing leaves the state file byte-identical.
    // A read to be confirmed (keepForNextRead: one without the lock) keeps what it parsed for the next read, which
    // returns that same snapshot when it finds the same bytes (once).
    private readonly Dictionary<string, (byte[] Content, string? Time, (StackSnapshot, string?)? Read)> _stored = new(StringComparer.Ordinal);

    public IBlobStorage Storage { get; } = storage;

    public static string StatePath(string project, string stack) => $"stacks/{project}/{stack}.json";
    public static string LockPath(string project, string stack) => $"locks/{project}/{stack}.json";

    public async Task<bool> ExistsAsync(string project, string stack, CancellationToken ct) =>
        await Storage.ReadAsync(StatePath(project, stack), ct) is not null;

    /// <summary>The stack's snapshot, or an empty one for a stack never deployed.</summary>
    /// <param name="keepForNextRead">The next read of the same checkpoint returns the same snapshot instead of parsing it again.</param>
    public async Task<(StackSnapshot Snapshot, string? EncryptionSalt)> LoadAsync(
        string project, string stack, Func<ISecretsCrypter> crypter, CancellationToken ct, bool keepForNextRead = false)
    {
        var path = StatePath(project, stack);
        var content = await Storage.ReadAsync(path, ct);
        if (content is null) return (StackSnapshot.Empty, null);
        lock (_stored)
            if (_stored.TryGetValue(path, out var known) && known.Read is { } same && known.Content.AsSpan().SequenceEqual(content))
            {
                _stored[path] = known with { Read = null };
                return same;
            }
        var read = CheckpointSerializer.Read(content, $"{Storage.Location}/{path}", crypter);
        var time = CheckpointSerializer.TimeOf(content);
        lock (_stored) _stored[path] = (content, time, keepForNextRead ? read : null);
        return read;
    }

    public async Task SaveAsync(string project, string stack, StackSnapshot snapshot, string? encryptionSalt, ISecretsCrypter? crypter, CancellationToken ct)
    {
        var path = StatePath(project, stack);
        (byte[] Content, string? Time, (StackSnapshot, string?)? Read) previous;
        bool known;
        lock (_stored) known = _stored.TryGetValue(path, out previous);
        if (known && previous.Time is { } time
            && CheckpointSerializer.Write(project, stack, snapshot, encryptionSalt, crypter, time).AsSpan().SequenceEqual(previous.Content))
            return;
        var now = DateTimeOffset.UtcNow.ToString("O");
        var content = CheckpointSerializer.Write(project, stack, snapshot, encryptionSalt, crypter, now);
        await Storage.WriteAtomicAsync(path, content, ct);
        lock (_stored) _stored[path] = (content, now, null);
    }

    /// <summary>Raw bytes for <c>stack export</c>.</summary>
    public Task<byte[]?> ReadRawAsync(string project, string stack, CancellationToken ct) => Storage.ReadAsync(StatePath(project, stack), ct);

    /// <summary>
    /// The checkpoint as this store last read or wrote it (for a caller holding the lock, what the file holds: no read
    /// over a slow backend), else as read now.
    /// </summary>
    public Task<byte[]?> ReadCurrentAsync(string project, string stack, CancellationToken ct)
    {
        lock (_stored)
            if (_stored.TryGetValue(StatePath(project, stack), out var known)) return Task.FromResult<byte[]?>(known.Content);
        return ReadRawAsync(project, stack, ct);
    }

    public async Task<IReadOnlyList<string>> ListStacksAsync(string project, CancellationToken ct) =>
        (await Storage.ListAsync($"stacks/{project}", ct))
            .Where(n => n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[..^".json".Length]).ToList();

    /// <summary>Takes the stack's lock or fails at once naming the holder. A lock left by a dead process on this machine is taken over.</summary>
    /// <param name="readNext">Files the caller reads once it holds the lock (see <see cref="IBlobStorage.CreateExclusiveAsync(string, byte[], IReadOnlyList{string}, CancellationToken)"/>).</param>
    public async Task<IAsyncDisposable> LockAsync(string project, string stack, string command, Action<string>? warn, CancellationToken ct,
        IReadOnlyList<string>? readNext = null)
    {
        var path = LockPath(project, stack);
        var me = LockHolder.Current(command);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await Storage.CreateExclusiveAsync(path, me.ToJson(), readNext ?? [], ct)) return await WritableOrReleasedAsync(project, Taken(path), ct);
            var holder = LockHolder.FromJson(await Storage.ReadAsync(path, ct));
            if (holder is not null && holder.IsStaleHere() && attempt == 0)
            {
                if (!await TakeOverAsync(path, holder, me, ct)) continue;
                warn?.Invoke($"removed a stale lock on stack '{stack}' left by {holder.Describe()}, which is no longer running");
                return await WritableOrReleasedAsync(project, Taken(path), ct);
            }
            throw new StackLockedException(
                $"the stack '{stack}' is locked by {holder?.Describe() ?? "another process"}; wait for it to end or remove the lock with `infra cancel -s {stack}` ({Storage.Location}/{path})");
        }
        throw new StackLockedException($"the stack '{stack}' could not be locked ({Storage.Location}/{path})");
    }

    /// <summary>The lock, once the state folder is known to be writable: a run must not change the host and then fail to record it.</summary>
    private async Task<IAsyncDisposable> WritableOrReleasedAsync(string project, Release release, CancellationToken ct)
    {
        try { await Storage.CheckWritableAsync($"stacks/{project}", ct); }
        catch
        {
            await release.DisposeAsync();
            throw;
        }
        return release;
    }

    /// <summary>
    /// Replaces a stale lock by ours. Only the process that creates the takeover marker may delete the lock, and
    /// only if it still holds what was read, so two processes taking over at the same instant cannot both win.
    /// </summary>
    private async Task<bool> TakeOverAsync(string path, LockHolder stale, LockHolder me, CancellationToken ct)
    {
        var marker = path + ".takeover";
        if (!await Storage.CreateExclusiveAsync(marker, me.ToJson(), ct)) return false;
        try
        {
            if (LockHolder.FromJson(await Storage.ReadAsync(path, ct)) != stale) return false;
            await Storage.DeleteAsync(path, ct);
            return await Storage.CreateExclusiveAsync(path, me.ToJson(), ct);
        }
        finally { await Storage.DeleteAsync(marker, CancellationToken.None); }
    }

    public async Task<bool> CancelAsync(string project, string stack, CancellationToken ct)
    {
        var path = LockPath(project, stack);
        if (await Storage.ReadAsync(path + ".takeover", ct) is not null) await Storage.DeleteAsync(path + ".takeover", ct);
        if (await Storage.ReadAsync(path, ct) is null) return false;
        await Storage.DeleteAsync(path, ct);
        return true;
    }

    private Release Taken(string path)
    {
        reached?.Invoke(StatePoint.LockTaken);
        return new Release(Storage, path, reached);
    }

    private sealed class Release(IBlobStorage storage, string path, Action<string>? reached) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            reached?.Invoke(StatePoint.LockRelease);
            await storage.DeleteAsync(path, CancellationToken.None);
        }
    }

    /// <summary>Closes the storage when it holds a connection (a remote backend).</summary>
    public ValueTask DisposeAsync() => Storage is IAsyncDisposable connected ? connected.DisposeAsync() : ValueTask.CompletedTask;
}
