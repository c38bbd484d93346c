namespace Infra.Engine.Planning;

/// <summary>The ordered changes an operation would make: a value to print, serialise and test before anything runs.</summary>
public sealed record Plan(string Project, string Stack, IReadOnlyList<PlanStep> Steps, IReadOnlyList<string> Warnings)
{
    public bool HasChanges => Steps.Any(s => s.Op != StepOp.Same);

    public IReadOnlyDictionary<StepOp, int> Summary =>
        Steps.GroupBy(s => s.Op).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public string SummaryLine()
    {
        var s = Summary;
        var parts = new[] { StepOp.Create, StepOp.Update, StepOp.Replace, StepOp.Delete, StepOp.Same }
            .Where(s.ContainsKey)
            .Select(op => $"{s[op]} to {(op == StepOp.Same ? "stay the same" : op.Verb())}");
        return Steps.Count == 0 ? "no resources" : string.Join(", ", parts);
    }
}
