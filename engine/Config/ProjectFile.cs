using YamlDotNet.RepresentationModel;

namespace Infra.Engine.Config;

/// <summary><c>Pulumi.yaml</c>: the project's name and description.</summary>
public sealed record ProjectFile(string Path, string Name, string? Description, bool RefreshAlways)
{
    /// <summary><c>backend: url:</c>, used when no backend variable is set (as Pulumi).</summary>
    public string? BackendUrl { get; init; }

    public const string FileName = "Pulumi.yaml";
    private static readonly HashSet<string> KnownKeys =
        ["name", "runtime", "description", "main", "options", "config", "backend", "stackConfigDir", "template", "plugins", "packages", "author", "website", "license"];

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>Finds Pulumi.yaml in <paramref name="start"/> or a parent folder.</summary>
    public static ProjectFile Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return Load(candidate);
        }
        throw new ConfigException($"no {FileName} found in {start} or any parent folder");
    }

    public static ProjectFile Load(string path)
    {
        var root = YamlFiles.LoadMapping(path);
        foreach (var key in root.Children.Keys.Select(k => k.ToString()))
            if (!KnownKeys.Contains(key)) throw new ConfigException($"{path}: unknown key '{key}'");
        var name = YamlFiles.Scalar(root, "name", path) ?? throw new ConfigException($"{path}: missing required key 'name'");
        var refresh = root.Children.TryGetValue(new YamlScalarNode("options"), out var options) && options is YamlMappingNode o
            && o.Children.TryGetValue(new YamlScalarNode("refresh"), out var r) && r.ToString() == "always";
        string? backend = null;
        if (root.Children.TryGetValue(new YamlScalarNode("backend"), out var b))
            backend = b is YamlMappingNode bm ? YamlFiles.Scalar(bm, "url", path)
                : throw new ConfigException($"{path}: 'backend' must be a mapping with 'url'");
        return new ProjectFile(System.IO.Path.GetFullPath(path), name, YamlFiles.Scalar(root, "description", path), refresh) { BackendUrl = backend };
    }

    public string StackFilePath(string stack) => System.IO.Path.Combine(Directory, $"Pulumi.{stack}.yaml");

    /// <summary>The stacks that have a stack file (<c>Pulumi.&lt;stack&gt;.yaml</c>) beside the project file, in name order.</summary>
    public IReadOnlyList<string> StacksWithFiles() =>
        System.IO.Directory.GetFiles(Directory, "Pulumi.*.yaml").Select(System.IO.Path.GetFileName).OfType<string>()
            .Select(f => f["Pulumi.".Length..^".yaml".Length]).Order(StringComparer.Ordinal).ToList();
}
