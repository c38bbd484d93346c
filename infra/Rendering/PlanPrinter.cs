using Infra.Engine.Planning;
using Infra.Engine.Properties;

namespace Infra.Cli.Rendering;

/// <summary>Prints a plan the way <c>pulumi preview</c> does: one line per change, then a summary.</summary>
public sealed class PlanPrinter(TextWriter output, SecretScrubber scrubber)
{
    public void Print(Plan plan, string heading, bool diff)
    {
        output.WriteLine($"{heading} ({plan.Stack}):");
        foreach (var warning in plan.Warnings) output.WriteLine($"warning: {warning}");
        var text = PlanText.Render(plan, diff);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            output.WriteLine("  " + scrubber.Scrub(line));
        output.WriteLine();
        PrintSummary(plan);
    }

    public void PrintSummary(Plan plan, bool done = false)
    {
        output.WriteLine("Resources:");
        var summary = plan.Summary;
        foreach (var (op, n) in summary.Changes) output.WriteLine($"    {op.Symbol()} {n} {(done ? Past(op) : "to " + op.Verb())}");
        if (summary.Unchanged > 0) output.WriteLine($"    {summary.Unchanged} unchanged");
        if (summary.IsEmpty) output.WriteLine("    no resources");
    }

    private static string Past(StepOp op) => op switch
    {
        StepOp.Create => "created",
        StepOp.Update => "updated",
        StepOp.Replace => "replaced",
        StepOp.Delete => "deleted",
        _ => "unchanged",
    };
}
