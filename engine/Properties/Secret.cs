using System.Text.Json.Nodes;

namespace Infra.Engine.Properties;

/// <summary>
/// Secret values travel inside property maps as Pulumi's signature object:
/// in memory <c>{sig, "value": v}</c>, in the state file <c>{sig, "ciphertext": "v1:…"}</c>.
/// </summary>
public static class Secret
{
    public const string SigKey = "4dabf18193072939515e22adb298388d";
    public const string SigValue = "1b47061264138c4ac30d75fd1eb44270";
    public const string ValueKey = "value";
    public const string CiphertextKey = "ciphertext";
    public const string Mask = "[secret]";

    public static JsonObject Wrap(JsonNode? value) =>
        IsSecret(value) ? (JsonObject)value!.DeepClone() : new JsonObject { [SigKey] = SigValue, [ValueKey] = value?.DeepClone() };

    public static bool IsSecret(JsonNode? node) =>
        node is JsonObject o && o.TryGetPropertyValue(SigKey, out var sig) && sig is JsonValue v && v.TryGetValue<string>(out var s) && s == SigValue;

    /// <summary>The plaintext inside a secret wrapper, or the node itself.</summary>
    public static JsonNode? Reveal(JsonNode? node) => IsSecret(node) ? ((JsonObject)node!)[ValueKey] : node;

    /// <summary>A deep copy with every secret wrapper replaced by its plaintext (for providers).</summary>
    public static JsonNode? RevealAll(JsonNode? node) => node switch
    {
        null => null,
        _ when IsSecret(node) => RevealAll(((JsonObject)node)[ValueKey]),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, RevealAll(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(RevealAll).ToArray()),
        _ => node.DeepClone(),
    };

    public static JsonObject RevealAll(JsonObject node) => (JsonObject)RevealAll((JsonNode)node)!;

    public static bool ContainsSecret(JsonNode? node) => node switch
    {
        null => false,
        _ when IsSecret(node) => true,
        JsonObject o => o.Any(kv => ContainsSecret(kv.Value)),
        JsonArray a => a.Any(ContainsSecret),
        _ => false,
    };

    /// <summary>A deep copy where every secret shows as the mask: safe to print.</summary>
    public static JsonNode? Masked(JsonNode? node) => node switch
    {
        null => null,
        _ when IsSecret(node) => JsonValue.Create(Mask),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Masked(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Masked).ToArray()),
        _ => node.DeepClone(),
    };

    /// <summary>Every plaintext secret string found in a tree (used to scrub provider error messages).</summary>
    public static IEnumerable<string> PlaintextStrings(JsonNode? node)
    {
        switch (node)
        {
            case null: yield break;
            case JsonObject o when IsSecret(o):
                foreach (var s in Leaves(o[ValueKey])) yield return s;
                break;
            case JsonObject o:
                foreach (var kv in o) foreach (var s in PlaintextStrings(kv.Value)) yield return s;
                break;
            case JsonArray a:
                foreach (var item in a) foreach (var s in PlaintextStrings(item)) yield return s;
                break;
        }
    }

    private static IEnumerable<string> Leaves(JsonNode? node) => node switch
    {
        JsonValue v => [v.ToString()],
        JsonObject o => o.SelectMany(kv => Leaves(kv.Value)),
        JsonArray a => a.SelectMany(Leaves),
        _ => [],
    };
}
