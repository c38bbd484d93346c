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

    Task SaveAsync(StackSnapshot snapshot, CancellationToken ct);
}
