namespace Infra.Engine.Planning;

/// <summary>How many steps of each kind a plan (or part of it) holds: what every rendering of a plan ends with.</summary>
public sealed record PlanSummary(IReadOnlyDictionary<StepOp, int> Counts)
{
    private static readonly StepOp[] ChangeOrder = [StepOp.Create, StepOp.Update, StepOp.Replace, StepOp.Delete];

    public static PlanSummary Of(IEnumerable<PlanStep> steps) =>
        new(steps.GroupBy(s => s.Op).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()));

    /// <summary>The changes, creates first, with their counts.</summary>
    public IReadOnlyList<(StepOp Op, int Count)> Changes => ChangeOrder.Where(Counts.ContainsKey).Select(op => (op, Counts[op])).ToList();

    public int Unchanged => Counts.GetValueOrDefault(StepOp.Same);

    public bool IsEmpty => Counts.Count == 0;

    /// <summary>"1 to create, 2 to update, 3 to stay the same", or "no resources".</summary>
    public string Line()
    {
        var parts = Changes.Select(c => $"{c.Count} to {c.Op.Verb()}").ToList();
        if (Unchanged > 0) parts.Add($"{Unchanged} to stay the same");
        return IsEmpty ? "no resources" : string.Join(", ", parts);
    }
}
