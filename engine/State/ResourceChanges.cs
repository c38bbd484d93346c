using Infra.Engine.Planning;

namespace Infra.Engine.State;

/// <summary>How many resources an operation created, updated, replaced, deleted or left alone (Pulumi's resourceChanges).</summary>
public sealed record ResourceChanges(int Create = 0, int Update = 0, int Replace = 0, int Delete = 0, int Same = 0)
{
    public static readonly ResourceChanges None = new();

    public static ResourceChanges Of(IEnumerable<PlanStep> steps)
    {
        var counts = steps.GroupBy(s => s.Op).ToDictionary(g => g.Key, g => g.Count());
        return new(counts.GetValueOrDefault(StepOp.Create), counts.GetValueOrDefault(StepOp.Update), counts.GetValueOrDefault(StepOp.Replace),
            counts.GetValueOrDefault(StepOp.Delete), counts.GetValueOrDefault(StepOp.Same));
    }

    /// <summary>What replacing a whole state did, by URN (import).</summary>
    public static ResourceChanges Between(StackSnapshot before, StackSnapshot after)
    {
        var old = before.Resources.Select(r => r.Urn).ToHashSet(StringComparer.Ordinal);
        var now = after.Resources.Select(r => r.Urn).ToHashSet(StringComparer.Ordinal);
        return new(Create: now.Count(u => !old.Contains(u)), Update: now.Count(old.Contains), Delete: old.Count(u => !now.Contains(u)));
    }

    /// <summary>Pulumi's short form: <c>+1 ~2 -0</c> (and <c>+-N</c> when something was replaced).</summary>
    public string Text() => Replace > 0 ? $"+{Create} ~{Update} +-{Replace} -{Delete}" : $"+{Create} ~{Update} -{Delete}";
}
