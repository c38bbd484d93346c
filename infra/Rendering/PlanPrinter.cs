using Infra.Engine.Planning;
using Infra.Engine.Properties;

namespace Infra.Cli.Rendering;

/// <summary>
/// Prints a plan the way <c>pulumi preview</c> does. On a terminal: Pulumi's tree (<see cref="PlanTree"/>), in colour
/// unless turned off; otherwise (logs, CI, pipes) one plain line per change, stable for greps. Then a summary.
/// </summary>
public sealed class PlanPrinter(TextWriter output, SecretScrubber scrubber, bool tree = false, Palette? palette = null)
{
    private readonly Palette _palette = palette ?? Palette.None;

    /// <summary>The printer for this process: the tree on a terminal, colour as <c>--color</c> / <c>NO_COLOR</c> say.</summary>
    public static PlanPrinter For(CliEnvironment env, SecretScrubber scrubber) => new(env.Out, scrubber, env.IsTerminal, new Palette(env.Color));

    public void Print(Plan plan, string heading, bool diff)
    {
        output.WriteLine($"{heading} ({plan.Stack}):");
        foreach (var warning in plan.Warnings) output.WriteLine($"warning: {warning}");
        var lines = tree && !diff ? PlanTree.Lines(plan, _palette) : PlanText.Render(plan, diff).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l).ToList();
        foreach (var line in lines) output.WriteLine(scrubber.Scrub(line));
        output.WriteLine();
        PrintSummary(plan);
    }

    public void PrintSummary(Plan plan, bool done = false, TimeSpan? duration = null)
    {
        output.WriteLine("Resources:");
        var summary = plan.Summary;
        foreach (var (op, n) in summary.Changes) output.WriteLine("    " + _palette.ForOp(op, $"{op.Symbol()} {n} {(done ? Past(op) : "to " + op.Verb())}"));
        if (summary.Unchanged > 0) output.WriteLine($"    {summary.Unchanged} unchanged");
        if (summary.IsEmpty) output.WriteLine("    no resources");
        if (duration is { } d)
        {
            output.WriteLine();
            output.WriteLine($"Duration: {(d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds}s" : $"{d.TotalSeconds:0}s")}");
        }
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
