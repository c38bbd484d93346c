using Infra.Engine.Planning;

namespace Infra.Cli.Rendering;

/// <summary>
/// A plan as Pulumi draws it on a terminal: a table (Type, Name, Plan, Info) with each resource under its parent
/// (<c>├─</c>, <c>└─</c>, <c>│</c>). Resources that do not change are shown only as the parents of ones that do.
/// </summary>
public static class PlanTree
{
    public static IReadOnlyList<string> Lines(Plan plan, Palette palette)
    {
        var byUrn = plan.Steps.GroupBy(s => s.Urn).ToDictionary(g => g.Key, g => g.First());
        string? ParentOf(PlanStep s) => (s.Desired?.Parent ?? s.Old?.Parent) is { } p && byUrn.ContainsKey(p) && p != s.Urn ? p : null;

        // What changes, and every parent above it, in the plan's order.
        var shown = new HashSet<string>();
        foreach (var step in plan.Steps.Where(s => s.Op != StepOp.Same))
            for (var urn = step.Urn; urn is not null && shown.Add(urn); urn = ParentOf(byUrn[urn])) { }
        if (shown.Count == 0) return [];
        var children = plan.Steps.Where(s => shown.Contains(s.Urn)).DistinctBy(s => s.Urn)
            .GroupBy(s => ParentOf(s) ?? "").ToDictionary(g => g.Key, g => g.ToList());

        var rows = new List<(PlanStep Step, string Prefix)>();
        void Walk(string parent, string indent)
        {
            if (!children.TryGetValue(parent, out var list)) return;
            for (var i = 0; i < list.Count; i++)
            {
                var last = i == list.Count - 1;
                rows.Add((list[i], parent.Length == 0 ? "" : indent + (last ? "└─ " : "├─ ")));
                Walk(list[i].Urn, parent.Length == 0 ? "" : indent + (last ? "   " : "│  "));
            }
        }
        Walk("", "");

        var typeWidth = Math.Max("Type".Length, rows.Max(r => r.Prefix.Length + r.Step.Type.Length)) + 2;
        var nameWidth = Math.Max("Name".Length, rows.Max(r => r.Step.Name.Length)) + 2;
        var planWidth = Math.Max("Plan".Length, rows.Max(r => Plan(r.Step).Length)) + 2;
        var lines = new List<string> { palette.Bold($"    {"Type".PadRight(typeWidth)}{"Name".PadRight(nameWidth)}{"Plan".PadRight(planWidth)}Info").TrimEnd() };
        foreach (var (step, prefix) in rows)
        {
            var symbol = step.Op == StepOp.Same ? "   " : step.Op.Symbol().PadRight(3);
            var line = $" {symbol}{(prefix + step.Type).PadRight(typeWidth)}{step.Name.PadRight(nameWidth)}{Plan(step).PadRight(planWidth)}{Info(step)}".TrimEnd();
            lines.Add(step.Op == StepOp.Same ? palette.Dim(line) : palette.ForOp(step.Op, line));
        }
        return lines;
    }

    private static string Plan(PlanStep step) => step.Op == StepOp.Same ? "" : step.Op.Verb();

    private static string Info(PlanStep step)
    {
        if (step.Op == StepOp.Same) return "";
        var info = step.Op == StepOp.Replace && step.DeleteBeforeReplace ? "delete first; " : "";
        return info + step.Reason;
    }
}
