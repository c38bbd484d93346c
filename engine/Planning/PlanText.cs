using System.Text;
using Infra.Engine.Properties;

namespace Infra.Engine.Planning;

/// <summary>A deterministic plain-text form of a plan: what preview prints without a terminal, and the test oracle.</summary>
public static class PlanText
{
    public static string Render(Plan plan, bool diff = false, bool includeSame = false)
    {
        var sb = new StringBuilder();
        foreach (var step in plan.Steps)
        {
            if (step.Op == StepOp.Same && !includeSame) continue;
            sb.Append(step.Op.Symbol().PadRight(2)).Append(' ').Append(step.Type).Append(' ').Append(step.Name);
            sb.Append(' ').Append(step.Op.Verb());
            if (step.DeleteBeforeReplace && step.Op == StepOp.Replace) sb.Append(" (delete first)");
            if (step.Reason.Length > 0) sb.Append(": ").Append(step.Reason);
            sb.AppendLine();
            if (!diff) continue;
            foreach (var c in step.Changes) sb.Append("      ").AppendLine(Change(c));
        }
        return sb.ToString();
    }

    public static string Change(PropertyChange c) => c.Kind switch
    {
        ChangeKind.Add => $"+ {c.Path}: {Value(c.New)}",
        ChangeKind.Delete => $"- {c.Path}: {Value(c.Old)}",
        _ => $"~ {c.Path}: {Value(c.Old)} => {Value(c.New)}",
    };

    public static string Value(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        null => "null",
        _ when Unknown.Is(node) => Unknown.Display,
        _ when Secret.IsSecret(node) => Secret.Mask,
        _ => Secret.Masked(node)!.ToJsonString(),
    };
}
