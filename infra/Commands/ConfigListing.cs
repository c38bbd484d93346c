using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Properties;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra config</c> with no verb: Pulumi's KEY/VALUE table (the project's own keys without their namespace), or with
/// <c>--json</c> Pulumi's map of full key → <c>{value, objectValue, secret}</c>. Secrets are <c>[secret]</c> (in JSON, no
/// value) unless <c>--show-secrets</c>; only then is the passphrase needed.
/// </summary>
public static class ConfigListing
{
    public static void Print(TextWriter output, StackSession session, bool json, bool showSecrets)
    {
        var values = showSecrets ? session.Workspace.OpenConfig().CopyValues() : Masked(session.Workspace.StackFile.Values);
        if (json)
        {
            var result = new JsonObject();
            foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var secret = Secret.ContainsSecret(value) || IsMasked(value);
                var plain = Secret.RevealAll(value);
                var entry = new JsonObject();
                if (!secret || showSecrets)
                {
                    entry["value"] = plain is JsonValue v && v.TryGetValue<string>(out var s) ? s : plain?.ToJsonString();
                    if (plain is JsonObject or JsonArray) entry["objectValue"] = plain.DeepClone();
                }
                entry["secret"] = secret;
                result[key] = entry;
            }
            output.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var rows = values.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Key: Pretty(kv.Key, session.Project), Value: StackOutputs.Text(kv.Value, showSecrets))).ToList();
        var width = rows.Select(r => r.Key.Length).Append(3).Max();
        output.WriteLine($"{"KEY".PadRight(width)}  VALUE");
        foreach (var (key, value) in rows) output.WriteLine($"{key.PadRight(width)}  {value}");
    }

    private const string MaskText = "[secret]";

    /// <summary>Secure leaves replaced by <c>[secret]</c> without decrypting them.</summary>
    private static JsonObject Masked(JsonObject values) => (JsonObject)Mask(values)!;

    private static JsonNode? Mask(JsonNode? node) => node switch
    {
        JsonObject o when o.Count == 1 && o.ContainsKey("secure") => JsonValue.Create(MaskText),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Mask(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Mask).ToArray()),
        _ => node?.DeepClone(),
    };

    private static bool IsMasked(JsonNode? node) => node switch
    {
        JsonValue v => v.TryGetValue<string>(out var s) && s == MaskText,
        JsonObject o => o.Any(kv => IsMasked(kv.Value)),
        JsonArray a => a.Any(IsMasked),
        _ => false,
    };

    /// <summary>As Pulumi prints keys: the project's own without the namespace.</summary>
    private static string Pretty(string key, string project) =>
        key.StartsWith(project + ":", StringComparison.Ordinal) ? key[(project.Length + 1)..] : key;
}
