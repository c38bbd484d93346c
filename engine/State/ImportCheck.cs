using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Secrets;

namespace Infra.Engine.State;

/// <summary>
/// What <c>stack import</c> accepts: infra's state file or Pulumi's export envelope of infra's own state, of
/// this project and stack (unless forced), whose resource types the program's providers know. Anything else is
/// refused with one line naming the file, before the stack's state is touched.
/// </summary>
/// <param name="IsKnownType">Whether a provider of the program handles a custom resource type.</param>
public sealed record ImportCheck(string Project, string Stack, Func<string, bool> IsKnownType, bool Force)
{
    public StackSnapshot Read(byte[] content, string file, Func<ISecretsCrypter> crypter)
    {
        JsonObject root;
        try { root = JsonNode.Parse(content) as JsonObject ?? throw Refuse(file, "is not a JSON object"); }
        catch (JsonException) { throw Refuse(file, "is not JSON"); }
        if (root["version"] is not JsonValue v || !v.TryGetValue<int>(out var version)) throw Refuse(file, "has no version number");
        if (version > CheckpointSerializer.Version)
            throw Refuse(file, $"has version {version}, newer than this infra understands ({CheckpointSerializer.Version}); upgrade infra");
        var deployment = DeploymentEnvelope.Find(root)
            ?? throw Refuse(file, "has no deployment (neither Pulumi's \"deployment\" nor infra's \"checkpoint.latest\")");
        if (deployment["resources"] is not JsonArray resources) throw Refuse(file, "has no resources section");
        var entries = resources.Concat((deployment["pending_operations"] as JsonArray ?? []).Select(p => (p as JsonObject)?["resource"])).ToList();
        CheckNotPulumi(entries, file);
        foreach (var entry in entries) CheckResource(entry, file);

        StackSnapshot snapshot;
        try { (snapshot, _) = CheckpointSerializer.Read(content, file, crypter); }
        catch (StateException e) { throw new ImportRefusedException($"{e.Message}; nothing imported"); }
        if (snapshot.PendingOperations.Count > 0 && !Force)
            throw Refuse(file, $"has {snapshot.PendingOperations.Count} pending operations; pass --force to import anyway");
        return snapshot;
    }

    private static void CheckNotPulumi(List<JsonNode?> entries, string file)
    {
        foreach (var entry in entries)
        {
            var urn = Text(entry, "urn") ?? "";
            var type = Text(entry, "type") ?? "";
            if (urn.StartsWith("urn:pulumi:", StringComparison.Ordinal) || type.Contains('/') || type.StartsWith("pulumi:", StringComparison.Ordinal))
                throw Refuse(file, $"is Pulumi's state (e.g. {(urn.Length > 0 ? urn : type)}), not infra's; infra does not translate Pulumi's state (URNs, types, providers), so adopt the resources with `infra import` instead");
        }
    }

    private void CheckResource(JsonNode? entry, string file)
    {
        if (Text(entry, "urn") is not { } urn || Text(entry, "type") is not { } type)
            throw Refuse(file, "has a resource without a urn or a type");
        var parts = UrnParts.TryParse(urn) ?? throw Refuse(file, $"has a resource whose URN '{urn}' is not urn:infra:<stack>::<project>::<type>::<name>");
        if (parts.Scheme != "infra") throw Refuse(file, $"has a resource whose URN '{urn}' is not an infra URN");
        if (!Force && (parts.Project != Project || parts.Stack != Stack))
            throw Refuse(file, $"holds resources of project '{parts.Project}', stack '{parts.Stack}' (e.g. {urn}), not of '{Project}', stack '{Stack}'; pass --force to import it anyway");
        var custom = !(entry!["custom"] is JsonValue c && c.TryGetValue<bool>(out var isCustom) && !isCustom);
        if (!Model.TypeToken.IsValid(type) || (custom && !IsKnownType(type)))
            throw Refuse(file, $"has a resource of type '{type}', which no provider of this program knows ({urn})");
    }

    private static string? Text(JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ImportRefusedException Refuse(string file, string why) => new($"{file} {why}; nothing imported");
}
