using Infra.Engine;

namespace Infra.Components.Building;

/// <summary>The service config templates of the project's <c>configs/</c> folder.</summary>
public sealed class ConfigTemplates(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The text of <c>configs/&lt;relative&gt;</c>, with <c>{{NAME}}</c> placeholders filled.</summary>
    public string Read(string relative, IReadOnlyDictionary<string, string>? values = null)
    {
        var path = Path.Combine(Directory, relative);
        if (!File.Exists(path)) throw new ConfigException($"{path}: service config template not found");
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        foreach (var (k, v) in values ?? new Dictionary<string, string>()) text = text.Replace("{{" + k + "}}", v);
        return text;
    }

    public bool Exists(string relative) => File.Exists(Path.Combine(Directory, relative));
}
