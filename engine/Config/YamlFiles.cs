using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Engine.Config;

/// <summary>Loads YAML files into JSON nodes, with errors that name the file and line.</summary>
internal static class YamlFiles
{
    public static YamlMappingNode LoadMapping(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: file not found");
        var stream = new YamlStream();
        try
        {
            if (new FileInfo(path).Length > YamlBounds.MaxBytes)
                throw new ConfigException($"{path}: the file is larger than {YamlBounds.MaxBytes / 1024} KB; a Pulumi stack or project file is a few KB");
            var text = File.ReadAllText(path);
            YamlBounds.Check(path, text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{path}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser throws this, without a position, on some malformed input (e.g. an unclosed '[').
            throw new ConfigException($"{path}: invalid YAML: the parser could not read the file (check brackets, quotes and indentation)");
        }
        if (stream.Documents.Count == 0) return new YamlMappingNode();
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new ConfigException($"{path}: the top level must be a mapping of keys");
    }

    public static string? Scalar(YamlMappingNode map, string key, string path)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
        return node is YamlScalarNode s ? s.Value : throw new ConfigException($"{path}: '{key}' must be a single value");
    }

    /// <summary>Plain scalars become numbers and booleans where they look like one, as YAML 1.2 core schema says.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode s when s.Style is ScalarStyle.Plain => PlainScalar(s.Value),
        YamlScalarNode s => JsonValue.Create(s.Value),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(kv.Key.ToString(), ToJson(kv.Value)))),
        _ => null,
    };

    private static JsonNode? PlainScalar(string? value) => value switch
    {
        null or "" or "~" or "null" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Any(char.IsDigit) => JsonValue.Create(d),
        _ => JsonValue.Create(value),
    };

    public static YamlNode FromJson(JsonNode? node) => node switch
    {
        null => new YamlScalarNode("null"),
        JsonObject o => new YamlMappingNode(o.Select(kv => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(kv.Key), FromJson(kv.Value)))),
        JsonArray a => new YamlSequenceNode(a.Select(FromJson)),
        JsonValue v when v.TryGetValue<string>(out var s) => StringScalar(s),
        _ => new YamlScalarNode(node.ToJsonString()),
    };

    private static YamlScalarNode StringScalar(string s) =>
        PlainScalar(s) is JsonValue v && v.TryGetValue<string>(out var same) && same == s
            ? new YamlScalarNode(s)
            : new YamlScalarNode(s) { Style = ScalarStyle.DoubleQuoted };
}
