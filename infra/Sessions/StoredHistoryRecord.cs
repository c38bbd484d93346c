using Infra.Engine.Operations;
using Infra.Engine.State;

namespace Infra.Cli.Sessions;

/// <summary>An operation's history entry kept in the stack's <see cref="StackHistory"/> when the operation ends.</summary>
public sealed class StoredHistoryRecord(StackHistory history, string kind, byte[] startCheckpoint) : IHistoryRecord
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    public Task EndAsync(string result, ResourceChanges changes, CancellationToken ct) =>
        history.AppendAsync(kind, _start, result, changes, startCheckpoint, ct);
}
