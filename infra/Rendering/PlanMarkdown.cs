using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Docker;

namespace Infra.Cli.Rendering;

/// <summary>
/// <c>preview --markdown FILE</c>: a pull-request comment. The first line is a marker that stays the same
/// for the stack (so CI updates its one comment), then the summary, the policy violations, the replacements
/// and deletions (data volumes in bold, first), the warnings, and one collapsed section per brick.
/// Secret values show as <c>[secret]</c>; the caller scrubs the text once more for known plaintexts.
/// </summary>
public static class PlanMarkdown
{
    public static string Marker(string stack) => $"<!-- infra-preview:{stack} -->";

    public static string Render(Plan plan, IReadOnlyList<string> diagnostics, IReadOnlyList<string> policyViolations)
    {
        var md = new StringBuilder();
        md.Append(Marker(plan.Stack)).Append('\n');
        md.Append($"**`infra preview`** of stack `{plan.Stack}` (project `{plan.Project}`): {Summary(plan.Steps)}\n");
        Violations(md, policyViolations);
        Destructive(md, plan);
        Warnings(md, plan.Warnings.Concat(diagnostics).ToList());
        foreach (var brick in PlanBricks.Group(plan)) Brick(md, brick);
        return md.ToString();
    }

    private static string Summary(IReadOnlyList<PlanStep> steps)
    {
        var summary = PlanSummary.Of(steps);
        var changes = summary.Changes.Select(c => $"{c.Count} to {c.Op.Verb()}").ToList();
        var same = summary.Unchanged;
        if (changes.Count == 0) return summary.IsEmpty ? "no resources" : $"no changes ({same} unchanged)";
        return $"**{string.Join(", ", changes)}**" + (same > 0 ? $", {same} unchanged" : "");
    }

    private static void Violations(StringBuilder md, IReadOnlyList<string> violations)
    {
        if (violations.Count == 0) return;
        md.Append("\n> [!CAUTION]\n> **Policy violations: `infra up` refuses to deploy this.**\n");
        foreach (var v in violations) md.Append("> - ").Append(Text(v)).Append('\n');
    }

    private static void Destructive(StringBuilder md, Plan plan)
    {
        var destructive = plan.Steps.Where(s => s.Op is StepOp.Replace or StepOp.Delete)
            .OrderByDescending(LosesData).ToList();
        if (destructive.Count == 0) return;
        md.Append("\n**Replacements and deletions**\n\n");
        foreach (var step in destructive)
        {
            var what = $"{Code(step.Type)} {Code(step.Name)} will be {(step.Op == StepOp.Delete ? "deleted" : "replaced")}";
            if (step.Op == StepOp.Replace && step.DeleteBeforeReplace) what += " (deleted first)";
            if (LosesData(step)) what = $"**{what}{(Retained(step) ? ": kept on the host (retainOnDelete), only dropped from the state" : ": the data in it is lost")}**";
            md.Append("- ").Append(what);
            if (step.Reason.Length > 0) md.Append(": ").Append(Text(step.Reason));
            md.Append('\n');
        }
    }

    private static bool LosesData(PlanStep step) => step.Type == VolumeKind.TypeToken && step.Op is StepOp.Delete or StepOp.Replace;

    private static bool Retained(PlanStep step) => step.Op == StepOp.Delete && step.Old?.RetainOnDelete == true;

    private static void Warnings(StringBuilder md, IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0) return;
        md.Append("\n**Warnings**\n\n");
        foreach (var w in warnings) md.Append("- ").Append(Text(w)).Append('\n');
    }

    private static void Brick(StringBuilder md, BrickSteps brick)
    {
        var title = brick.Name is null ? $"<b>{Html(brick.Title)}</b>" : $"<b>{Html(brick.Title)}</b> <code>{Html(brick.Name)}</code>";
        md.Append("\n<details>\n<summary>").Append(title).Append(": ").Append(Html(PlainSummary(brick.Steps))).Append("</summary>\n\n");
        var changed = brick.Steps.Where(s => s.Op != StepOp.Same).ToList();
        if (changed.Count > 0)
        {
            var body = new StringBuilder();
            foreach (var step in changed) StepLines(body, step);
            var fence = Fence(body.ToString());
            md.Append(fence).Append("diff\n").Append(body).Append(fence).Append("\n\n");
        }
        var same = brick.Steps.Where(s => s.Op == StepOp.Same).Select(s => Code(s.Name)).ToList();
        if (same.Count > 0) md.Append("Unchanged: ").Append(string.Join(", ", same)).Append("\n\n");
        md.Append("</details>\n");
    }

    private static string PlainSummary(IReadOnlyList<PlanStep> steps) => Summary(steps).Replace("**", "", StringComparison.Ordinal);

    // In a diff block GitHub colours lines by their first character: + green, - red, ! orange.
    private static void StepLines(StringBuilder body, PlanStep step)
    {
        var mark = step.Op switch { StepOp.Create => '+', StepOp.Delete => '-', _ => '!' };
        body.Append(mark).Append(' ').Append(step.Type).Append(' ').Append(step.Name).Append(": ").Append(step.Op.Verb());
        if (step.Op == StepOp.Replace && step.DeleteBeforeReplace) body.Append(" (delete first)");
        if (step.Reason.Length > 0) body.Append(" (").Append(step.Reason).Append(')');
        body.Append('\n');
        foreach (var c in step.Changes)
            switch (c.Kind)
            {
                case ChangeKind.Add: body.Append($"+     {c.Path}: {Value(c.New)}\n"); break;
                case ChangeKind.Delete: body.Append($"-     {c.Path}: {Value(c.Old)}\n"); break;
                default:
                    body.Append($"-     {c.Path}: {Value(c.Old)}\n");
                    body.Append($"+     {c.Path}: {Value(c.New)}\n");
                    break;
            }
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Inside a code block only backticks matter (see Fence), so quotes and < > stay readable.
    private static string Value(JsonNode? node) => node switch
    {
        null => "null",
        _ when Unknown.Is(node) => Unknown.Display,
        _ => Secret.Masked(node)!.ToJsonString(Relaxed),
    };

    private static string Fence(string content)
    {
        var longest = 0;
        for (int i = 0, run = 0; i < content.Length; i++) longest = Math.Max(longest, run = content[i] == '`' ? run + 1 : 0);
        return new string('`', Math.Max(3, longest + 1));
    }

    private static string Code(string text) => text.Contains('`') ? $"`` {text} ``" : $"`{text}`";

    private static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    // One list item per line: outside code, < and > would open HTML tags.
    private static string Text(string text) => Html(text).Replace("\n", " ", StringComparison.Ordinal);
}
