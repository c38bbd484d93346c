using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Model;

namespace Infra.Engine.State;

/// <summary>
/// <c>stack rename</c> on a stored checkpoint, as Pulumi does it: every URN of the old stack becomes the new stack's
/// (the root resource's name <c>&lt;project&gt;-&lt;stack&gt;</c> too), so the program's next run matches every resource
/// and replaces none. Each resource also records its old URN in <c>aliases</c>: the Docker objects keep the labels
/// they were made with, which name the old URN. Secrets stay encrypted; nothing needs the passphrase.
/// </summary>
public static class CheckpointRename
{
    public static byte[] Rewrite(byte[] content, string location, string project, string from, string to)
    {
        JsonObject root;
        try { root = JsonNode.Parse(content) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new StateException($"state file {location} is corrupt: {e.Message}"); }
        var oldRootName = $"{project}-{from}";
        string Map(string text)
        {
            if (!Urn.TryParse(text, out var urn) || urn.Stack != from || urn.Project != project) return text;
            var name = urn.QualifiedType == StackRoot.TypeToken && urn.Name == oldRootName ? $"{project}-{to}" : urn.Name;
            return Urn.Create(to, project, urn.QualifiedType, name).ToString();
        }

        if (root["checkpoint"] is not JsonObject checkpoint) return content;
        checkpoint["stack"] = $"organization/{project}/{to}";
        if (checkpoint["latest"] is not JsonObject latest) return JsonBytes.Of(root, JsonBytes.Relaxed);
        var resources = (latest["resources"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat((latest["pending_operations"] as JsonArray ?? []).Select(p => p?["resource"]).OfType<JsonObject>());
        foreach (var resource in resources)
        {
            var oldUrn = resource["urn"]?.GetValue<string>();
            var aliases = resource["aliases"] as JsonArray;
            Rename(resource, Map);
            if (oldUrn is null || Map(oldUrn) == oldUrn) continue;
            if (aliases is null) resource["aliases"] = aliases = [];
            if (!aliases.Any(a => a?.GetValue<string>() == oldUrn)) aliases.Add((JsonNode)JsonValue.Create(oldUrn));
        }
        return JsonBytes.Of(root, JsonBytes.Relaxed);
    }

    /// <summary>Every string that is one of the old stack's URNs (urn, parent, dependencies, output references), but the aliases.</summary>
    private static void Rename(JsonNode? node, Func<string, string> map)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    if (key == "aliases") continue;
                    if (o[key] is JsonValue v && v.TryGetValue<string>(out var s)) o[key] = map(s);
                    else Rename(o[key], map);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s)) a[i] = map(s);
                    else Rename(a[i], map);
                break;
        }
    }
}
