using System.Text.Json.Nodes;

namespace Infra.Engine.Properties;

/// <summary>A value that only exists once a dependency has been created (shown as "[unknown]" in a preview).</summary>
public static class Unknown
{
    private const string Key = "$unknown";
    public const string Display = "[unknown]";

    public static JsonObject Node() => new() { [Key] = true };

    public static bool Is(JsonNode? node) => node is JsonObject o && o.ContainsKey(Key);

    public static bool ContainsUnknown(JsonNode? node) => node switch
    {
        null => false,
        _ when Is(node) => true,
        JsonObject o => o.Any(kv => ContainsUnknown(kv.Value)),
        JsonArray a => a.Any(ContainsUnknown),
        _ => false,
    };
}
