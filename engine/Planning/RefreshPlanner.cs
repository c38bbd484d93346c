using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Planning;

/// <summary>
/// Reads every custom resource back from its provider and reports drift as steps: update (changed
/// outside infra) or delete (gone). Applying it rewrites the state with what was read. A targeted refresh reads
/// only the resources in its <see cref="RunScope"/>; the others keep their entries as they are.
/// </summary>
public sealed class RefreshPlanner(ProviderRegistry providers, IRefreshObserver? observer = null)
{
    /// <summary>Tells each provider that reads ahead (<see cref="IReadsAhead"/>) what it is about to be asked.</summary>
    private void ReadAhead(IEnumerable<ReadRequest> requests, CancellationToken ct)
    {
        foreach (var group in requests.GroupBy(r => ProviderOf(r.Type) as IReadsAhead))
            group.Key?.ReadAhead(group.ToList(), ct);
    }

    private IProvider? ProviderOf(string type)
    {
        try { return providers.For(type); }
        catch (EngineException) { return null; } // reported by the read itself
    }

    public async Task<(Plan Plan, StackSnapshot Refreshed)> RefreshAsync(
        string project, string stack, StackSnapshot prior, int parallel, bool clearPendingCreates, CancellationToken ct, TargetOptions? targets = null,
        Func<ResourceState, bool>? only = null)
    {
        var scope = RunScope.ForState(targets ?? TargetOptions.None, prior);
        using var gate = new SemaphoreSlim(Math.Max(1, parallel));
        var requests = new Dictionary<ResourceState, ReadRequest>(ReferenceEqualityComparer.Instance);
        foreach (var r in prior.Resources.Where(r => r.Custom && r.Id is not null && scope.Includes(r.Urn) && (only is null || only(r))))
            requests[r] = new ReadRequest(r.Urn, r.Type, r.Id!, r.Inputs, r.Outputs);
        ReadAhead(requests.Values, ct);
        var reads = prior.Resources.Select(async r =>
        {
            if (!requests.TryGetValue(r, out var request)) return (r, (ReadResult?)null);
            await gate.WaitAsync(ct);
            observer?.RefreshStarted(r);
            try
            {
                var read = await providers.For(r.Type).ReadAsync(request, ct);
                return (r, read);
            }
            catch (Exception e) when (e is not OperationCanceledException and not EngineException)
            {
                throw new EngineException($"refreshing {r.Type} '{r.Name}' failed: {e.Message}", e);
            }
            finally { gate.Release(); }
        }).ToList();
        var results = await Task.WhenAll(reads);

        var steps = new List<PlanStep>();
        var resources = new List<ResourceState>();
        foreach (var (old, read) in results)
        {
            if (read is null)
            {
                resources.Add(old);
                steps.Add(scope.Includes(old.Urn) ? Same(old) : PlanStep.LeftAlone(old));
                continue;
            }
            if (read.IsGone)
            {
                steps.Add(new PlanStep(StepOp.Delete, old.Urn, old.Type, "deleted outside infra", PropertyDiff.Compute(old.Inputs, null), old, null));
                observer?.RefreshCompleted(old, steps[^1]);
                continue;
            }
            var inputs = PropertyDiff.KeepSecrets(old.Inputs, read.Inputs);
            var outputs = PropertyDiff.KeepSecrets(old.Outputs, read.Outputs);
            var changes = PropertyDiff.Compute(old.Inputs, inputs);
            var refreshed = old with { Id = read.Id, Inputs = inputs, Outputs = outputs };
            resources.Add(refreshed);
            steps.Add(changes.Count == 0
                ? Same(old)
                : new PlanStep(StepOp.Update, old.Urn, old.Type,
                    $"changed outside infra: {string.Join(", ", PropertyDiff.ChangedKeys(changes))}", changes, old, null, inputs, outputs));
            observer?.RefreshCompleted(old, steps[^1]);
        }

        var pending = clearPendingCreates
            ? prior.PendingOperations.Where(p => p.Type != PendingOperation.Creating).ToList()
            : prior.PendingOperations.ToList();
        var warnings = prior.PendingOperations.Count == 0 ? new List<string>() :
            prior.PendingOperations.Select(p => clearPendingCreates && p.Type == PendingOperation.Creating
                ? $"cleared pending create of {p.Resource.Urn}"
                : $"pending operation: {p.Resource.Urn}, interrupted while {p.Type}").ToList();
        return (new Plan(project, stack, steps, warnings), new StackSnapshot(resources, pending));
    }

    private static PlanStep Same(ResourceState r) => new(StepOp.Same, r.Urn, r.Type, "", [], r, null);
}
