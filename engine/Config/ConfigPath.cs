using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Infra.Engine.Config;

/// <summary>
/// A <c>config set --path</c> key as Pulumi parses it: <c>key.a.b</c>, <c>key.list[0]</c>, <c>key["name.with.dot"]</c>
/// (the first segment, with its namespace, is the config key). Segments are strings (map keys) or ints (list indexes).
/// </summary>
public sealed record ConfigPath(string Key, IReadOnlyList<object> Segments)
{
    public static ConfigPath Parse(string text)
    {
        var segments = new List<object>();
        var i = 0;
        ConfigException Fail(string why) => new($"--path: '{text}' does not parse: {why}");
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    var end = text.IndexOf('"', i + 2);
                    if (end < 0 || end + 1 >= text.Length || text[end + 1] != ']') throw Fail($"unclosed [\" at {i}");
                    segments.Add(text[(i + 2)..end]);
                    i = end + 2;
                }
                else
                {
                    if (close < 0) throw Fail($"unclosed [ at {i}");
                    if (!int.TryParse(text[(i + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                        throw Fail($"'[{text[(i + 1)..close]}]' is not a list index (use [0] or [\"key\"])");
                    segments.Add(index);
                    i = close + 1;
                }
                if (i < text.Length && text[i] == '.') i++;
                continue;
            }
            var name = new StringBuilder();
            while (i < text.Length && text[i] is not '.' and not '[') name.Append(text[i++]);
            if (name.Length == 0) throw Fail($"empty name at {i}");
            segments.Add(name.ToString());
            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (i == text.Length) throw Fail("ends with '.'");
            }
        }
        if (segments.Count == 0 || segments[0] is not string key) throw Fail("it must start with a key name");
        return new ConfigPath(key, segments.Skip(1).ToList());
    }

    /// <summary>Sets the value at the path under <paramref name="root"/> (null when the key is new), making maps and lists on the way.</summary>
    public JsonNode Set(JsonNode? root, JsonNode value)
    {
        if (Segments.Count == 0) return value;
        root ??= Segments[0] is int ? new JsonArray() : new JsonObject();
        var node = root;
        for (var i = 0; i < Segments.Count; i++)
        {
            var last = i == Segments.Count - 1;
            JsonNode? Next() => last ? value : Segments[i + 1] is int ? new JsonArray() : new JsonObject();
            switch (Segments[i], node)
            {
                case (string name, JsonObject map):
                    if (last || map[name] is null) map[name] = Next();
                    node = map[name]!;
                    break;
                case (int index, JsonArray list) when index <= list.Count:
                    if (index == list.Count) list.Add(Next());
                    else if (last || list[index] is null) list[index] = Next();
                    node = list[index]!;
                    break;
                case (int index, JsonArray list):
                    throw new ConfigException($"--path: index {index} is past the end of a list of {list.Count}");
                default:
                    throw new ConfigException($"--path: '{Describe(i)}' is not a {(Segments[i] is int ? "list" : "map")} in the stack's config");
            }
        }
        return root;
    }

    /// <summary>The value at the path, or null when it is not there.</summary>
    public JsonNode? Get(JsonNode? root) =>
        Segments.Aggregate(root, (node, segment) => (segment, node) switch
        {
            (string name, JsonObject map) => map[name],
            (int index, JsonArray list) when index < list.Count => list[index],
            _ => null,
        });

    /// <summary>Removes the value at the path; false when it is not there.</summary>
    public bool Remove(JsonNode? root)
    {
        var node = root;
        for (var i = 0; i < Segments.Count - 1; i++)
            node = (Segments[i], node) switch
            {
                (string name, JsonObject map) => map[name],
                (int index, JsonArray list) when index < list.Count => list[index],
                _ => null,
            };
        switch (Segments[^1], node)
        {
            case (string name, JsonObject map): return map.Remove(name);
            case (int index, JsonArray list) when index < list.Count: list.RemoveAt(index); return true;
            default: return false;
        }
    }

    private string Describe(int upTo) => Key + string.Concat(Segments.Take(upTo + 1).Select(s => s is int n ? $"[{n}]" : $".{s}"));

    /// <summary>Pulumi's typed values with <c>--path</c>: <c>true</c>/<c>false</c> and whole numbers are stored as such.</summary>
    public static JsonNode Typed(string text) =>
        text switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == text => JsonValue.Create(n),
            _ => JsonValue.Create(text),
        };
}
