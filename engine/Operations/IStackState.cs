using Infra.Engine.State;

namespace Infra.Engine.Operations;

/// <summary>One stack's state where it is kept: its lock, its last checkpoint, and writing a new one.</summary>
public interface IStackState
{
    /// <summary>Where the state lives, for messages (a folder or an ssh:// address).</summary>
    string Location { get; }

    /// <summary>Takes the stack's lock for <paramref name="operation"/> or fails at once naming the holder.</summary>
    Task<IAsyncDisposable> LockAsync(string operation, CancellationToken ct);

    Task<StackSnapshot> LoadAsync(CancellationToken ct);

    /// <summary>
    /// Reads the state without the lock, for work that may start before the lock is taken. The next
    /// <see cref="LoadAsync"/> that finds the same checkpoint returns this very snapshot (so a caller can tell whether
    /// what it did with it still holds); one that finds another checkpoint reads that one.
    /// </summary>
    Task<StackSnapshot> PeekAsync(CancellationToken ct) => LoadAsync(ct);

    Task SaveAsync(StackSnapshot snapshot, CancellationToken ct);

    /// <summary>
    /// Starts the history entry of an operation of <paramref name="kind"/>: keeps the checkpoint as it is now,
    /// the one the operation starts from. Nothing is written until the entry is ended.
    /// </summary>
    Task<IHistoryRecord> BeginHistoryAsync(string kind, CancellationToken ct);
}

/// <summary>An operation's history entry in the making.</summary>
public interface IHistoryRecord
{
    /// <summary>Writes the entry: the checkpoint the operation started from, its result and its resource changes.</summary>
    Task EndAsync(string result, ResourceChanges changes, CancellationToken ct);

    /// <summary>Leaves no entry (an operation declined or only previewed), undoing anything written ahead.</summary>
    Task DiscardAsync(CancellationToken ct) => Task.CompletedTask;
}
