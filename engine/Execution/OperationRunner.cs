using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Execution;

/// <summary>Carries out one operation against its provider and records the result in the live state.</summary>
public sealed class OperationRunner(ProviderRegistry providers, LiveState state)
{
    /// <param name="waitingChain">How many operations wait on this one in its longest chain (see <see cref="CreateRequest.WaitingChain"/>).</param>
    public async Task RunAsync(Operation op, IProgress<string> progress, CancellationToken ct, int waitingChain = 0)
    {
        var step = op.Step;
        switch (op.Kind)
        {
            case OperationKind.Apply when step.Untargeted:
                // Left out of a targeted run: the entry stays exactly as it was, whatever the program now says.
                break;
            case OperationKind.Apply when step.Op == StepOp.Same:
                // Nothing changed on the host: record the program's options without a checkpoint of its own.
                state.Record(step.Old, Describe(step, step.Old!.Id, step.Old.Inputs, ComponentOrOld(step), step.Old) with { Modified = step.Old.Modified });
                break;
            case OperationKind.Apply when !step.IsCustom:
                await state.ReplaceAsync(step.Old, Describe(step, null, Resolve(step, step.Desired!.Inputs), Resolve(step, step.Desired.Inputs), step.Old));
                break;
            case OperationKind.Apply when step.Op == StepOp.Update:
                await UpdateAsync(step, progress, ct);
                break;
            case OperationKind.Apply:
                await CreateAsync(step, progress, waitingChain, ct);
                break;
            case OperationKind.DeleteOld or OperationKind.Delete:
                await DeleteAsync(step, ct);
                break;
        }
    }

    private JsonObject ComponentOrOld(PlanStep step) =>
        step.IsCustom ? step.Old!.Outputs : Resolve(step, step.Desired!.Inputs);

    private async Task CreateAsync(PlanStep step, IProgress<string> progress, int waitingChain, CancellationToken ct)
    {
        var inputs = ResolveInputs(step);
        var provider = providers.For(step.Type);
        var placeholder = Describe(step, null, inputs, [], null);
        await state.BeginAsync(placeholder, PendingOperation.Creating);
        CreateResult result;
        IReadOnlyList<string> initErrors = [];
        try
        {
            result = await provider.CreateAsync(new CreateRequest(step.Urn, step.Type, inputs, step.PlannedOutputs, progress, waitingChain), ct);
        }
        catch (ResourceInitFailedException e)
        {
            (result, initErrors) = (new CreateResult(e.Id, e.Outputs), [e.Message]);
            await RecordCreatedAsync(step, placeholder, inputs, result, initErrors);
            throw;
        }
        catch (ProviderException e) when (!e.OutcomeUnknown)
        {
            // The provider says nothing was made: no pending create is left for the next run to warn about.
            await state.EndAsync(placeholder, null, null);
            throw;
        }
        await RecordCreatedAsync(step, placeholder, inputs, result, initErrors);
    }

    private async Task RecordCreatedAsync(PlanStep step, ResourceState placeholder, JsonObject inputs, CreateResult result, IReadOnlyList<string> initErrors)
    {
        var outputs = PropertyDiff.KeepSecrets(inputs, PropertyDiff.Merge(inputs, result.Outputs));
        var created = Describe(step, result.Id, inputs, outputs, null) with { Created = DateTimeOffset.UtcNow, InitErrors = initErrors };
        // A create-before-delete replacement keeps the old copy, marked, until its delete operation runs.
        var old = step.Op == StepOp.Replace && !step.DeleteBeforeReplace ? step.Old : null;
        await state.EndAsync(placeholder, old, created);
        if (old is not null) await state.ReplaceAsync(null, old with { Delete = true });
    }

    private async Task UpdateAsync(PlanStep step, IProgress<string> progress, CancellationToken ct)
    {
        var old = step.Old!;
        var inputs = ResolveInputs(step);
        var changed = PropertyDiff.ChangedKeys(old.Inputs, inputs);
        await state.BeginAsync(old, PendingOperation.Updating);
        UpdateResult result;
        try
        {
            result = await providers.For(step.Type).UpdateAsync(
                new UpdateRequest(step.Urn, step.Type, old.Id ?? "", old.Inputs, old.Outputs, inputs, changed, progress), ct);
        }
        catch (ProviderException e) when (!e.OutcomeUnknown)
        {
            await state.EndAsync(old, null, null);
            throw;
        }
        var outputs = PropertyDiff.KeepSecrets(inputs, PropertyDiff.Merge(PropertyDiff.Merge(old.Outputs, inputs), result.Outputs));
        await state.EndAsync(old, old, Describe(step, old.Id, inputs, outputs, old));
    }

    private async Task DeleteAsync(PlanStep step, CancellationToken ct)
    {
        var old = step.Old!;
        // For a create-before-delete replacement the live entry is the marked copy.
        var current = state.Snapshot().Resources.FirstOrDefault(r => r.Urn == old.Urn && (r.Delete || ReferenceEquals(r, old))) ?? old;
        await state.BeginAsync(current, PendingOperation.Deleting);
        if (current.Custom && !current.RetainOnDelete && current.Id is not null)
        {
            try
            {
                await providers.For(current.Type).DeleteAsync(new DeleteRequest(current.Urn, current.Type, current.Id, current.Inputs, current.Outputs), ct);
            }
            catch (ProviderException e) when (!e.OutcomeUnknown)
            {
                await state.EndAsync(current, null, null);
                throw;
            }
        }
        await state.EndAsync(current, current, null);
    }

    private JsonObject ResolveInputs(PlanStep step)
    {
        var inputs = Resolve(step, step.Inputs ?? step.Desired!.Inputs);
        if (Unknown.ContainsUnknown(inputs))
            throw new EngineException($"{step.Type} '{step.Name}': an input refers to an output that its resource does not have");
        return inputs;
    }

    private JsonObject Resolve(PlanStep step, JsonObject inputs) =>
        (JsonObject)Reference.Resolve(ReResolve(step, inputs), (urn, key) =>
            state.OutputsOf(urn) is { } o && o.TryGetPropertyValue(key, out var v) ? v : null)!;

    /// <summary>
    /// The plan resolved what it knew; values that were unknown at plan time are placeholders again
    /// in the desired inputs, so resolve from those where the plan could not.
    /// </summary>
    private static JsonObject ReResolve(PlanStep step, JsonObject planned) =>
        step.Desired is { } d && Unknown.ContainsUnknown(planned) ? Overlay(planned, d.Inputs) : planned;

    private static JsonObject Overlay(JsonObject planned, JsonObject declared)
    {
        var result = (JsonObject)planned.DeepClone();
        foreach (var (k, v) in planned)
            if (Unknown.ContainsUnknown(v) && declared.TryGetPropertyValue(k, out var d)) result[k] = d?.DeepClone();
        return result;
    }

    private static ResourceState Describe(PlanStep step, string? id, JsonObject inputs, JsonObject outputs, ResourceState? old)
    {
        var d = step.Desired!;
        return new ResourceState
        {
            Urn = step.Urn, Type = step.Type, Custom = d.Custom, Id = id, Parent = d.Parent,
            Inputs = inputs, Outputs = outputs, Dependencies = d.Dependencies,
            Protect = d.Protect, RetainOnDelete = d.RetainOnDelete,
            IgnoreChanges = d.IgnoreChangesOrEmpty, ReplaceOnChanges = d.ReplaceOnChangesOrEmpty, Aliases = KeptAliases(step, old),
            Created = old?.Created ?? DateTimeOffset.UtcNow, Modified = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>
    /// The program's aliases, plus the old URNs a kept object was recorded under (a stack rename): its Docker
    /// labels still name them. A replacement makes a new object, so it starts from the program's alone.
    /// </summary>
    private static IReadOnlyList<string> KeptAliases(PlanStep step, ResourceState? old) =>
        old is null || step.Op is not (StepOp.Same or StepOp.Update) ? step.Desired!.AliasesOrEmpty
            : [.. step.Desired!.AliasesOrEmpty.Union(old.Aliases.Where(a => a != step.Urn), StringComparer.Ordinal)];
}
