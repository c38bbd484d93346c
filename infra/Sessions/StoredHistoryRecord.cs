using Infra.Engine.Operations;
using Infra.Engine.State;

namespace Infra.Cli.Sessions;

/// <summary>
/// An operation's history entry kept in the stack's <see cref="StackHistory"/>: the checkpoint it starts from is stored
/// while the operation runs (over ssh:// the backend is idle then), the entry when it ends.
/// </summary>
public sealed class StoredHistoryRecord : IHistoryRecord
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly StackHistory _history;
    private readonly string _kind;
    private readonly Task<StackHistory.PreparedEntry> _prepared;

    public StoredHistoryRecord(StackHistory history, string kind, byte[] startCheckpoint)
    {
        _history = history;
        _kind = kind;
        _prepared = Task.Run(() => history.PrepareAsync(startCheckpoint, CancellationToken.None));
    }

    public async Task EndAsync(string result, ResourceChanges changes, CancellationToken ct) =>
        await _history.CompleteAsync(await _prepared, _kind, _start, result, changes, ct);

    public async Task DiscardAsync(CancellationToken ct) => await _history.DiscardAsync(await _prepared, ct);
}
