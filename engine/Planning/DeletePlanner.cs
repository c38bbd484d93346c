using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Engine.Planning;

/// <summary>The delete steps of a plan: state entries the program no longer declares, or every one for a destroy.</summary>
internal static class DeletePlanner
{
    /// <summary>
    /// Resources in state that the program no longer declares (all of them for a destroy), dependents first. Those
    /// outside the run stay as they are; whatever they depend on stays too: with <c>--exclude</c> quietly, with
    /// <c>--target</c> the run is refused (Pulumi: add the dependent to the targets, or <c>--target-dependents</c>).
    /// </summary>
    public static IEnumerable<PlanStep> Plan(StackSnapshot prior, IReadOnlySet<string> consumed, List<string> errors, RunScope scope)
    {
        var leftovers = prior.Resources.Where(r => r.Delete || !consumed.Contains(r.Urn)).ToList();
        var doomed = leftovers.Where(r => scope.Includes(r.Urn)).ToHashSet();
        var carried = prior.Resources.Where(r => !r.Delete && !scope.Includes(r.Urn) && !RunScope.IsStack(r.Type)).ToList();
        if (scope.IsConstrained) KeepWhatCarriedNeed(carried, doomed, scope, errors);
        var steps = new List<PlanStep>();
        foreach (var r in StateOrder.DependentsFirst(leftovers))
        {
            if (!doomed.Contains(r))
            {
                // Old copies of an interrupted replacement are no resource of their own: they simply stay.
                if (!r.Delete) steps.Add(PlanStep.LeftAlone(r));
                continue;
            }
            if (r.Protect && !r.Delete)
            {
                errors.Add($"{r.Type} '{r.Name}' cannot be deleted because it is protected; remove the protect option and run up first");
                continue;
            }
            var reason = r.Delete ? "old copy left by an interrupted replacement" : "no longer in the program";
            steps.Add(new PlanStep(StepOp.Delete, r.Urn, r.Type, reason, PropertyDiff.Compute(r.Inputs, null), r, null));
        }
        return steps;
    }

    /// <summary>A resource carried over keeps what it depends on (dependencies, parent) in the state.</summary>
    private static void KeepWhatCarriedNeed(IReadOnlyList<ResourceState> carried, HashSet<ResourceState> doomed, RunScope scope, List<string> errors)
    {
        var kept = new Queue<ResourceState>(carried);
        var seen = carried.ToHashSet();
        while (kept.Count > 0)
        {
            var r = kept.Dequeue();
            foreach (var needed in r.Dependencies.Append(r.Parent).Distinct())
            {
                if (needed is null) continue;
                var gone = doomed.Where(d => d.Urn == needed && !d.Delete).ToList();
                if (gone.Count == 0) continue;
                if (scope.ByTargets)
                {
                    errors.Add(TargetRefusals.DependentNotTargeted(r, needed));
                    continue;
                }
                foreach (var g in gone)
                {
                    doomed.Remove(g);
                    if (seen.Add(g)) kept.Enqueue(g);
                }
            }
        }
    }
}
