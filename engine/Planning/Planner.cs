using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Planning;

/// <summary>Desired resources + prior state → a <see cref="Plan"/>. Calls only the providers' Check and Diff.</summary>
public sealed class Planner(ProviderRegistry providers)
{
    public Task<Plan> PlanUpdateAsync(DesiredState desired, StackSnapshot prior, CancellationToken ct = default) =>
        PlanUpdateAsync(desired, prior, TargetOptions.None, ct);

    /// <summary>
    /// With <paramref name="targets"/> constrained, resources outside the run keep their state entries as they are
    /// (a same step each, or nothing for one never created); a targeted resource that needs one never created is refused.
    /// </summary>
    public async Task<Plan> PlanUpdateAsync(DesiredState desired, StackSnapshot prior, TargetOptions targets, CancellationToken ct = default)
    {
        var scope = RunScope.ForUpdate(targets, desired, prior);
        var context = new PlanContext(prior);
        var errors = new List<string>();
        var warnings = new List<string>();
        var steps = new List<PlanStep>(desired.Resources.Count);
        var notCreated = desired.Resources.Where(d => !scope.Includes(d.Urn) && !context.HasOld(d)).Select(d => d.Urn).ToHashSet(StringComparer.Ordinal);
        foreach (var d in desired.Resources)
        {
            ct.ThrowIfCancellationRequested();
            PlanStep? step;
            if (scope.Includes(d.Urn))
            {
                errors.AddRange(NotCreatedDependencies(d, notCreated, scope));
                if (!d.Custom && targets.Replace.Any(p => !p.IsGlob && p.Matches(d.Urn)))
                    warnings.Add($"--replace {d.Urn}: a component has nothing of its own to replace; name its resources instead");
                step = await PlanResourceAsync(d, context, errors, targets.ReplaceRequested(d.Urn), ct);
            }
            else step = CarryOver(d, context, scope, errors, warnings);
            if (step is null) continue;
            steps.Add(step);
            context.Record(step);
        }
        steps.AddRange(DeletePlanner.Plan(prior, context.Consumed, errors, scope));
        if (errors.Count > 0) throw new PlanException(errors);
        return new Plan(desired.Project, desired.Stack, steps, [.. PendingWarnings(prior), .. warnings]);
    }

    /// <summary>
    /// Deletes every resource. Retained resources (retainOnDelete) stay on the host and, unlike a resource that
    /// leaves the program, in the state too: the next up finds the kept data and the credentials that open it.
    /// To delete them for real, clear their RetainOnDelete in <paramref name="prior"/> first. With
    /// <paramref name="targets"/>, only the targeted resources; one left out that depends on a targeted one is refused.
    /// </summary>
    public Plan PlanDestroy(string project, string stack, StackSnapshot prior, TargetOptions? targets = null)
    {
        var scope = RunScope.ForState(targets ?? TargetOptions.None, prior);
        var errors = new List<string>();
        var retained = prior.Resources.Where(r => r.RetainOnDelete && !r.Delete).Select(r => r.Urn).ToHashSet(StringComparer.Ordinal);
        var steps = DeletePlanner.Plan(prior, retained, errors, scope).ToList();
        if (errors.Count > 0) throw new PlanException(errors);
        return new Plan(project, stack, steps, PendingWarnings(prior));
    }

    private async Task<PlanStep?> PlanResourceAsync(DesiredResource d, PlanContext context, List<string> errors, bool replaceRequested, CancellationToken ct)
    {
        var old = context.Claim(d);
        var resolved = (JsonObject)Reference.Resolve(d.Inputs, context.Lookup)!;
        if (!d.Custom) return PlanComponent(d, old, resolved);

        var provider = providers.For(d.Type);
        var check = await provider.CheckAsync(new CheckRequest(d.Urn, d.Type, resolved, old), ct);
        if (check.Failures is { Count: > 0 } failures)
        {
            errors.AddRange(failures.Select(f => $"{d.Type} '{d.Name}': {f}"));
            return null;
        }
        var inputs = check.Inputs;
        if (old is null)
            return new PlanStep(StepOp.Create, d.Urn, d.Type, "new resource", PropertyDiff.Compute(null, inputs), null, d,
                inputs, PlannedOutputs(inputs, check.PlannedOutputs));

        inputs = ApplyIgnoreChanges(d, old, inputs);
        var changes = PropertyDiff.Compute(old.Inputs, inputs);
        var forcedBy = context.ReplacedDeleteFirstDependency(d);
        if (old.Taint || replaceRequested)
            return await PlanForcedReplaceAsync(d, old, inputs, changes, check.PlannedOutputs, old.Taint, forcedBy is not null, errors, ct);
        if (old.InitErrors.Count > 0) return PlanFailedInit(d, old, inputs, changes, check.PlannedOutputs, errors);
        var renamed = old.Urn != d.Urn ? $"renamed from {old.Name}" : null;
        if (changes.Count == 0 && forcedBy is null)
            return Same(d, old, inputs, renamed);

        var diff = changes.Count == 0 ? DiffResult.None
            : await provider.DiffAsync(new DiffRequest(d.Urn, d.Type, old.Id ?? "", old.Inputs, old.Outputs, inputs), ct);
        var replaceKeys = diff.ReplaceKeys
            .Concat(PropertyDiff.ChangedKeys(changes).Where(k => d.ReplaceOnChangesOrEmpty.Contains(k) || d.ReplaceOnChangesOrEmpty.Contains("*")))
            .Distinct().ToList();
        if (replaceKeys.Count > 0 || forcedBy is not null)
        {
            if (old.Protect)
            {
                errors.Add($"{d.Type} '{d.Name}' cannot be replaced because it is protected (changed: {string.Join(", ", replaceKeys)})");
                return null;
            }
            var deleteFirst = forcedBy is not null || (d.DeleteBeforeReplace ?? diff.DeleteBeforeReplace);
            var reason = forcedBy is not null && replaceKeys.Count == 0
                ? $"{forcedBy} is replaced first"
                : $"{string.Join(", ", replaceKeys)} changed";
            return new PlanStep(StepOp.Replace, d.Urn, d.Type, reason, changes, old, d, inputs,
                PlannedOutputs(inputs, check.PlannedOutputs), deleteFirst, replaceKeys);
        }
        if (!diff.HasChanges) return Same(d, old, inputs, renamed);
        return new PlanStep(StepOp.Update, d.Urn, d.Type, $"{string.Join(", ", diff.ChangedKeys)} changed", changes, old, d,
            inputs, PropertyDiff.Merge(old.Outputs, inputs));
    }

    /// <summary>
    /// A tainted resource (<c>infra state taint</c>) or one named to <c>--replace</c> is replaced whatever its inputs,
    /// as Pulumi does; the provider's Diff still says whether the old object must go first (a container's fixed name).
    /// </summary>
    private async Task<PlanStep?> PlanForcedReplaceAsync(DesiredResource d, ResourceState old, JsonObject inputs, IReadOnlyList<PropertyChange> changes,
        JsonObject? predicted, bool tainted, bool dependencyDeletedFirst, List<string> errors, CancellationToken ct)
    {
        if (old.Protect)
        {
            errors.Add(tainted
                ? $"{d.Type} '{d.Name}' is tainted but cannot be replaced because it is protected"
                : $"{d.Type} '{d.Name}' cannot be replaced (--replace) because it is protected");
            return null;
        }
        var diff = await providers.For(d.Type).DiffAsync(new DiffRequest(d.Urn, d.Type, old.Id ?? "", old.Inputs, old.Outputs, inputs), ct);
        return new PlanStep(StepOp.Replace, d.Urn, d.Type, tainted ? "tainted" : "replacement requested (--replace)", changes, old, d, inputs,
            PlannedOutputs(inputs, predicted), dependencyDeletedFirst || (d.DeleteBeforeReplace ?? diff.DeleteBeforeReplace), diff.ReplaceKeys);
    }

    /// <summary>What a resource in the run needs that is left out and was never created (the stack's outputs need nothing: they stay unknown).</summary>
    private static IEnumerable<string> NotCreatedDependencies(DesiredResource d, IReadOnlySet<string> notCreated, RunScope scope) =>
        RunScope.IsStack(d.Type) ? []
            : d.Dependencies.Append(d.Parent).OfType<string>().Where(notCreated.Contains).Distinct().Select(dep => TargetRefusals.NotCreatedDependency(scope, d, dep));

    /// <summary>A resource left out of a targeted run keeps its state entry as it is, whatever the program now says.</summary>
    private static PlanStep? CarryOver(DesiredResource d, PlanContext context, RunScope scope, List<string> errors, List<string> warnings)
    {
        var old = context.Claim(d);
        if (scope.Options.ReplaceRequested(d.Urn)) warnings.Add($"--replace {d.Urn}: not targeted, so not replaced");
        // Never created: nothing to carry, and a targeted resource that needs it was refused.
        if (old is null) return null;
        if (context.ReplacedDeleteFirstDependency(d) is { } replaced) errors.Add(TargetRefusals.DependsOnDeletedFirst(scope, d, replaced));
        context.Carry(d.Urn, old);
        return PlanStep.LeftAlone(old);
    }

    /// <summary>A resource created last time that never became ready (<see cref="ResourceState.InitErrors"/>) is made again.</summary>
    private static PlanStep? PlanFailedInit(DesiredResource d, ResourceState old, JsonObject inputs, IReadOnlyList<PropertyChange> changes, JsonObject? predicted, List<string> errors)
    {
        if (old.Protect)
        {
            errors.Add($"{d.Type} '{d.Name}' failed to initialize last time but cannot be replaced because it is protected");
            return null;
        }
        return new PlanStep(StepOp.Replace, d.Urn, d.Type, $"failed to initialize last time: {old.InitErrors[0]}", changes, old, d, inputs,
            PlannedOutputs(inputs, predicted), d.DeleteBeforeReplace ?? true, []);
    }

    private static PlanStep Same(DesiredResource d, ResourceState old, JsonObject inputs, string? renamed) =>
        new(StepOp.Same, d.Urn, d.Type, renamed ?? "", [], old, d, old.Inputs, old.Outputs);

    private static PlanStep PlanComponent(DesiredResource d, ResourceState? old, JsonObject outputs)
    {
        if (old is null) return new PlanStep(StepOp.Create, d.Urn, d.Type, "new component", [], null, d, outputs, outputs);
        var changes = PropertyDiff.Compute(old.Outputs, outputs);
        return changes.Count == 0 && old.Urn == d.Urn
            ? new PlanStep(StepOp.Same, d.Urn, d.Type, "", [], old, d, outputs, outputs)
            : new PlanStep(StepOp.Update, d.Urn, d.Type, changes.Count == 0 ? $"renamed from {old.Name}" : "outputs changed", changes, old, d, outputs, outputs);
    }

    private static JsonObject ApplyIgnoreChanges(DesiredResource d, ResourceState old, JsonObject inputs)
    {
        if (d.IgnoreChangesOrEmpty.Count == 0) return inputs;
        var result = (JsonObject)inputs.DeepClone();
        foreach (var path in d.IgnoreChangesOrEmpty)
        {
            var oldValue = PropertyDiff.At(old.Inputs, path);
            PropertyDiff.SetAt(result, path, oldValue, oldValue is not null);
        }
        return result;
    }

    private static JsonObject PlannedOutputs(JsonObject inputs, JsonObject? predicted) => PropertyDiff.Merge(inputs, predicted);

    private static IReadOnlyList<string> PendingWarnings(StackSnapshot prior) =>
        prior.PendingOperations.Count == 0 ? [] :
        [
            $"Attempting to deploy or update resources with {prior.PendingOperations.Count} pending operations from previous deployment.",
            .. prior.PendingOperations.Select(p => $"  * {p.Resource.Urn}, interrupted while {p.Type}"),
            "These resources are in an unknown state because the deployment was interrupted. Run `infra refresh` to read their real state.",
        ];

    /// <summary>What the planner knows so far: which old entries are claimed, and the outputs of planned resources.</summary>
    private sealed class PlanContext(StackSnapshot prior)
    {
        private readonly Dictionary<string, ResourceState> _old = prior.Resources.Where(r => !r.Delete).ToDictionary(r => r.Urn);
        private readonly Dictionary<string, JsonObject?> _outputs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _deleteFirstReplaced = new(StringComparer.Ordinal);
        public HashSet<string> Consumed { get; } = new(StringComparer.Ordinal);

        public bool HasOld(DesiredResource d) => d.AliasesOrEmpty.Prepend(d.Urn).Any(_old.ContainsKey);

        /// <summary>A resource left out of the run: references to it (under its program URN) see its recorded outputs.</summary>
        public void Carry(string urn, ResourceState old) => _outputs[urn] = old.Outputs;

        public ResourceState? Claim(DesiredResource d)
        {
            foreach (var urn in d.AliasesOrEmpty.Prepend(d.Urn))
                if (_old.TryGetValue(urn, out var old) && Consumed.Add(urn))
                    return old;
            return null;
        }

        public JsonNode? Lookup(string urn, string key) =>
            _outputs.TryGetValue(urn, out var outputs) && outputs is not null && outputs.TryGetPropertyValue(key, out var v) && !Unknown.Is(v) ? v : null;

        public string? ReplacedDeleteFirstDependency(DesiredResource d) =>
            d.Dependencies.Select(dep => _deleteFirstReplaced.GetValueOrDefault(dep)).FirstOrDefault(n => n is not null);

        public void Record(PlanStep step)
        {
            _outputs[step.Urn] = step.PlannedOutputs;
            if (step.Op == StepOp.Replace && step.DeleteBeforeReplace) _deleteFirstReplaced[step.Urn] = $"{step.Type} '{step.Name}'";
        }
    }
}
