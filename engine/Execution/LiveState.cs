using System.Text.Json.Nodes;
using Infra.Engine.State;

namespace Infra.Engine.Execution;

/// <summary>
/// The state as a run changes it. Every change is followed by a checkpoint; writes are serialised so the
/// file on disk always reflects a prefix of the completed work.
/// </summary>
public sealed class LiveState
{
    private readonly object _gate = new();
    private readonly List<ResourceState> _resources;
    private readonly List<PendingOperation> _pending;
    private readonly IReadOnlyList<string> _preferredOrder;
    private readonly Func<StackSnapshot, CancellationToken, Task> _checkpoint;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private long _version;
    private long _written;

    public LiveState(StackSnapshot initial, IReadOnlyList<string> preferredOrder, Func<StackSnapshot, CancellationToken, Task> checkpoint)
    {
        _resources = [.. initial.Resources];
        _pending = [.. initial.PendingOperations];
        _preferredOrder = preferredOrder;
        _checkpoint = checkpoint;
    }

    public JsonObject? OutputsOf(string urn)
    {
        lock (_gate) return _resources.LastOrDefault(r => r.Urn == urn && !r.Delete)?.Outputs;
    }

    /// <summary>Records a mutation as pending; one left for the same resource and kind by an earlier failed run is replaced, not piled up.</summary>
    public Task BeginAsync(ResourceState resource, string type) => MutateAndSave(() =>
    {
        _pending.RemoveAll(p => p.Resource.Urn == resource.Urn && p.Type == type);
        _pending.Add(new PendingOperation(resource, type));
    });

    /// <summary>Completes a pending operation: removes <paramref name="remove"/> (by reference) and adds <paramref name="add"/>.</summary>
    public Task EndAsync(ResourceState pendingFor, ResourceState? remove, ResourceState? add) => MutateAndSave(() =>
    {
        _pending.RemoveAll(p => ReferenceEquals(p.Resource, pendingFor));
        if (remove is not null) _resources.Remove(remove);
        if (add is not null) _resources.Add(add);
    });

    public Task ReplaceAsync(ResourceState? remove, ResourceState add) => MutateAndSave(() =>
    {
        if (remove is not null) _resources.Remove(remove);
        _resources.Add(add);
    });

    /// <summary>Replaces an entry without writing a checkpoint: for changes that touch nothing on the host.</summary>
    public void Record(ResourceState? remove, ResourceState add)
    {
        lock (_gate)
        {
            if (remove is not null) _resources.Remove(remove);
            _resources.Add(add);
            Interlocked.Increment(ref _version);
        }
    }

    public void DropPendingOperations()
    {
        lock (_gate)
        {
            if (_pending.Count == 0) return;
            _pending.Clear();
            // A change like any other: without it the final save sees nothing new and the ops stay on disk.
            Interlocked.Increment(ref _version);
        }
    }

    public StackSnapshot Snapshot()
    {
        lock (_gate)
        {
            var rank = _preferredOrder.Select((urn, i) => (urn, i)).ToDictionary(x => x.urn, x => x.i);
            var ordered = _resources
                .Select((r, i) => (r, key: rank.TryGetValue(r.Urn, out var k) ? k : _preferredOrder.Count + i))
                .OrderBy(x => x.key).Select(x => x.r).ToList();
            return new StackSnapshot(ordered, [.. _pending]);
        }
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            var version = Interlocked.Read(ref _version);
            if (version == _written && version != 0) return;
            await _checkpoint(Snapshot(), ct);
            _written = version;
        }
        finally { _writeGate.Release(); }
    }

    private async Task MutateAndSave(Action mutate)
    {
        lock (_gate)
        {
            mutate();
            Interlocked.Increment(ref _version);
        }
        await SaveAsync(CancellationToken.None);
    }
}
