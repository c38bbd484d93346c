using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using YamlDotNet.RepresentationModel;

namespace Infra.Engine.Config;

/// <summary>One key the project declares in <c>Pulumi.yaml</c>'s <c>config:</c> section, as Pulumi reads it.</summary>
public sealed record ConfigDeclaration(string Key, string? Type, JsonNode? Default, bool HasDefault, bool Secret, string? ItemsType);

/// <summary>
/// The <c>config:</c> section of <c>Pulumi.yaml</c>: project-wide defaults (<c>key: value</c>, or <c>default:</c>) and
/// declarations (<c>type</c>: string, integer, boolean, array with <c>items</c>; <c>secret: true</c>), applied to every
/// stack's config before the program reads it, with Pulumi's errors for a missing value, a wrong type or a value
/// that should be secret and is not.
/// </summary>
public sealed class ProjectConfig(IReadOnlyList<ConfigDeclaration> declarations)
{
    private static readonly HashSet<string> Attributes = ["type", "default", "description", "secret", "items"];
    private static readonly HashSet<string> Types = ["string", "integer", "boolean", "array"];

    public static readonly ProjectConfig None = new([]);

    public IReadOnlyList<ConfigDeclaration> Declarations { get; } = declarations;

    public static ProjectConfig Read(YamlNode? section, string project, string path)
    {
        if (section is null) return None;
        if (section is not YamlMappingNode map) throw new ConfigException($"{path}: 'config' must be a mapping of keys");
        var declarations = new List<ConfigDeclaration>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ConfigKey.Parse(keyNode.ToString(), project).ToString();
            if (value is not YamlMappingNode d || !d.Children.Keys.Any(k => Attributes.Contains(k.ToString())))
            {
                declarations.Add(new ConfigDeclaration(key, null, YamlFiles.ToJson(value), true, false, null));
                continue;
            }
            foreach (var attribute in d.Children.Keys.Select(k => k.ToString()).Where(a => !Attributes.Contains(a)))
                throw new ConfigException($"{path}: config.{keyNode}: unknown attribute '{attribute}' (known: {string.Join(", ", Attributes)})");
            var type = YamlFiles.Scalar(d, "type", path);
            if (type is not null && !Types.Contains(type))
                throw new ConfigException($"{path}: config.{keyNode}.type: '{type}' is not one of {string.Join(", ", Types)}");
            string? items = null;
            if (d.Children.TryGetValue(new YamlScalarNode("items"), out var itemsNode))
            {
                if (type != "array") throw new ConfigException($"{path}: config.{keyNode}.items: only an array has items");
                items = itemsNode is YamlMappingNode im ? YamlFiles.Scalar(im, "type", path) : null;
                if (items is null || !Types.Contains(items) || items == "array")
                    throw new ConfigException($"{path}: config.{keyNode}.items.type: must be string, integer or boolean");
            }
            var secret = YamlFiles.Scalar(d, "secret", path) is { } s && (s == "true" || (s != "false" ? throw new ConfigException($"{path}: config.{keyNode}.secret: must be true or false") : false));
            var hasDefault = d.Children.TryGetValue(new YamlScalarNode("default"), out var defaultNode);
            var declaration = new ConfigDeclaration(key, type, hasDefault ? YamlFiles.ToJson(defaultNode!) : null, hasDefault, secret, items);
            if (hasDefault && secret) throw new ConfigException($"{path}: config.{keyNode}: a secret cannot have a default in Pulumi.yaml (set it per stack with `infra config set --secret`)");
            if (hasDefault && TypeProblem(declaration, declaration.Default) is { } problem) throw new ConfigException($"{path}: config.{keyNode}.default: {problem}");
            declarations.Add(declaration);
        }
        return new ProjectConfig(declarations);
    }

    /// <summary>The stack's values with the project's defaults under them; every problem at once, one line each.</summary>
    public JsonObject Apply(JsonObject values, string stack, string stackFile)
    {
        var result = (JsonObject)values.DeepClone();
        var errors = new List<string>();
        foreach (var d in Declarations)
        {
            if (!result.TryGetPropertyValue(d.Key, out var value))
            {
                if (d.HasDefault) result[d.Key] = d.Default?.DeepClone();
                else errors.Add($"{stackFile}: Stack '{stack}' is missing configuration value '{d.Key}' (declared in Pulumi.yaml)");
                continue;
            }
            if (d.Secret && !Properties.Secret.IsSecret(value))
                errors.Add($"{stackFile}: Stack '{stack}' with configuration key '{d.Key}' must be encrypted as it's secret (infra config set --secret {d.Key} …)");
            if (TypeProblem(d, Properties.Secret.Reveal(value)) is { } problem)
                errors.Add($"{stackFile}: {d.Key}: {problem}");
        }
        return errors.Count == 0 ? result : throw new ConfigException(string.Join(Environment.NewLine, errors));
    }

    private static string? TypeProblem(ConfigDeclaration d, JsonNode? value) => d.Type switch
    {
        null => null,
        "array" when value is not JsonArray => "must be a list (type: array)",
        "array" => ((JsonArray)value).Select((item, i) => Scalar(d.ItemsType, item) is { } p ? $"[{i}] {p}" : null).FirstOrDefault(p => p is not null),
        _ => Scalar(d.Type, value),
    };

    private static string? Scalar(string? type, JsonNode? value) => type switch
    {
        null => null,
        "string" => value is JsonValue ? null : "must be a string (type: string)",
        "integer" => value is JsonValue v && (v.TryGetValue<long>(out _) || (v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            ? null : $"'{value?.ToJsonString()}' is not an integer (type: integer)",
        "boolean" => value is JsonValue b && (b.TryGetValue<bool>(out _) || (b.TryGetValue<string>(out var t) && t is "true" or "false"))
            ? null : $"'{value?.ToJsonString()}' is not true or false (type: boolean)",
        _ => null,
    };
}
