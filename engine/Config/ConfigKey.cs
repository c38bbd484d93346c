namespace Infra.Engine.Config;

/// <summary>A config key of the form <c>namespace:name</c>.</summary>
public sealed record ConfigKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}:{Name}";

    public static bool TryParse(string text, out ConfigKey key)
    {
        key = new ConfigKey("", "");
        var i = text.IndexOf(':');
        if (i <= 0 || i == text.Length - 1 || text.IndexOf(':', i + 1) >= 0) return false;
        key = new ConfigKey(text[..i], text[(i + 1)..]);
        return true;
    }

    /// <summary>Like Pulumi, a key without a namespace belongs to the project.</summary>
    public static ConfigKey Parse(string text, string project) =>
        TryParse(text, out var key) ? key
        : text.Contains(':') ? throw new ConfigException($"config key '{text}' must have the form namespace:key")
        : new ConfigKey(project, text);
}
