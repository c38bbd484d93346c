using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;

namespace Infra.Cli.Rendering;

/// <summary>
/// <c>preview --json</c>: Pulumi's PreviewDigest shape (steps with op, urn, type, diffReasons,
/// replaceReasons, detailedDiff; changeSummary), secrets masked, plus the policy violations.
/// Documented in docs/preview-json.md, checked against docs/preview.schema.json.
/// </summary>
public static class PlanJson
{
    public static string Render(Plan plan, IReadOnlyList<string> diagnostics, IReadOnlyList<string> policyViolations)
    {
        var steps = new JsonArray(plan.Steps.Select(s => (JsonNode)new JsonObject
        {
            ["op"] = s.Op.Verb(),
            ["urn"] = s.Urn,
            ["type"] = s.Type,
            ["name"] = s.Name,
            ["reason"] = s.Reason,
            ["deleteBeforeReplace"] = s.DeleteBeforeReplace,
            ["diffReasons"] = new JsonArray(PropertyDiff.ChangedKeys(s.Changes).Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
            ["replaceReasons"] = new JsonArray(s.ReplaceKeysOrEmpty.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()),
            ["detailedDiff"] = new JsonArray(s.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["path"] = c.Path,
                ["kind"] = c.Kind.ToString().ToLowerInvariant(),
                ["old"] = Display(c.Old),
                ["new"] = Display(c.New),
            }).ToArray()),
        }).ToArray());
        var root = new JsonObject
        {
            ["project"] = plan.Project,
            ["stack"] = plan.Stack,
            ["steps"] = steps,
            ["changeSummary"] = new JsonObject(plan.Summary.Counts.Select(kv => KeyValuePair.Create(kv.Key.Verb(), (JsonNode?)kv.Value))),
            ["hasChanges"] = plan.HasChanges,
            ["diagnostics"] = Strings(plan.Warnings.Concat(diagnostics)),
            ["policyViolations"] = Strings(policyViolations),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonArray Strings(IEnumerable<string> lines) => new(lines.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());

    private static JsonNode? Display(JsonNode? node) => Unknown.Is(node) ? JsonValue.Create(Unknown.Display) : Secret.Masked(node);
}
