using System.Text.Json.Nodes;

namespace Infra.Engine.Properties;

/// <summary>
/// Placeholders that stand in a serialised input for a value of another resource. The engine turns
/// them into dependency edges and replaces them with the value once it is known.
/// </summary>
public static class Reference
{
    private const string RefKey = "$ref";
    private const string OutputKey = "$output";
    private const string FormatKey = "$format";
    private const string ArgsKey = "$args";

    public static JsonObject Output(string urn, string key) => new() { [RefKey] = urn, [OutputKey] = key };

    public static JsonObject Format(string template, IEnumerable<JsonNode?> args) =>
        new() { [FormatKey] = template, [ArgsKey] = new JsonArray(args.Select(a => a?.DeepClone()).ToArray()) };

    public static bool IsOutput(JsonNode? node, out string urn, out string key)
    {
        urn = key = "";
        if (node is not JsonObject o || !o.ContainsKey(RefKey)) return false;
        urn = (string)o[RefKey]!;
        key = (string)o[OutputKey]!;
        return true;
    }

    /// <summary>URNs of every resource referenced anywhere in the tree.</summary>
    public static IEnumerable<string> Urns(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when IsOutput(o, out var urn, out _):
                yield return urn;
                break;
            case JsonObject o:
                foreach (var kv in o) foreach (var u in Urns(kv.Value)) yield return u;
                break;
            case JsonArray a:
                foreach (var item in a) foreach (var u in Urns(item)) yield return u;
                break;
        }
    }

    /// <summary>
    /// A copy with every placeholder replaced. <paramref name="lookup"/> returns the output value or
    /// null when it is not known yet (the placeholder then becomes <see cref="Unknown"/>).
    /// </summary>
    public static JsonNode? Resolve(JsonNode? node, Func<string, string, JsonNode?> lookup)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o when IsOutput(o, out var urn, out var key):
                return lookup(urn, key)?.DeepClone() ?? Unknown.Node();
            case JsonObject o when o.ContainsKey(FormatKey):
                return ResolveFormat(o, lookup);
            case JsonObject o:
                return new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Resolve(kv.Value, lookup))));
            case JsonArray a:
                return new JsonArray(a.Select(item => Resolve(item, lookup)).ToArray());
            default:
                return node.DeepClone();
        }
    }

    private static JsonNode ResolveFormat(JsonObject o, Func<string, string, JsonNode?> lookup)
    {
        var args = ((JsonArray)o[ArgsKey]!).Select(a => Resolve(a, lookup)).ToArray();
        if (args.Any(Unknown.ContainsUnknown)) return Unknown.Node();
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, (string)o[FormatKey]!,
            args.Select(a => (object?)AsText(Secret.Reveal(a))).ToArray());
        var value = JsonValue.Create(text);
        return args.Any(Secret.ContainsSecret) ? Secret.Wrap(value) : value;
    }

    private static string AsText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
