using YamlDotNet.RepresentationModel;

namespace Infra.Engine.Config;

/// <summary><c>Pulumi.yaml</c>: the project's name and description, its backend, stack file folder and config declarations.</summary>
public sealed record ProjectFile(string Path, string Name, string? Description, bool RefreshAlways)
{
    /// <summary><c>backend: url:</c>, used when no backend variable is set (as Pulumi).</summary>
    public string? BackendUrl { get; init; }

    /// <summary><c>stackConfigDir:</c> the folder of the stack files, relative to the project (as Pulumi); the project's own by default.</summary>
    public string? StackConfigDir { get; init; }

    /// <summary>The <c>config:</c> section: project-wide defaults and declarations.</summary>
    public ProjectConfig Config { get; init; } = ProjectConfig.None;

    public const string FileName = "Pulumi.yaml";
    private static readonly HashSet<string> KnownKeys =
        ["name", "runtime", "description", "main", "options", "config", "backend", "stackConfigDir", "template", "plugins", "packages", "author", "website", "license"];

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>Finds Pulumi.yaml in <paramref name="start"/> or a parent folder.</summary>
    public static ProjectFile Find(string start) =>
        Locate(start) is { } path ? Load(path) : throw new ConfigException($"no {FileName} found in {start} or any parent folder");

    /// <summary>The path of the Pulumi.yaml <see cref="Find"/> would load, without reading it; null when there is none.</summary>
    public static string? Locate(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static ProjectFile Load(string path)
    {
        var root = YamlFiles.LoadMapping(path);
        foreach (var key in root.Children.Keys.Select(k => k.ToString()))
            if (!KnownKeys.Contains(key)) throw new ConfigException($"{path}: unknown key '{key}'");
        var name = YamlFiles.Scalar(root, "name", path) ?? throw new ConfigException($"{path}: missing required key 'name'");
        // Pulumi's rule; the name is also a folder of the state and the namespace of config keys.
        if (!ProjectName.IsValid(name))
            throw new ConfigException($"{path}: name: '{name}' is not a valid project name (1 to 100 letters, digits, '-', '_' or '.')");
        CheckRuntime(root, path);
        var refresh = root.Children.TryGetValue(new YamlScalarNode("options"), out var options) && options is YamlMappingNode o
            && o.Children.TryGetValue(new YamlScalarNode("refresh"), out var r) && r.ToString() == "always";
        string? backend = null;
        if (root.Children.TryGetValue(new YamlScalarNode("backend"), out var b))
            backend = b is YamlMappingNode bm ? YamlFiles.Scalar(bm, "url", path)
                : throw new ConfigException($"{path}: 'backend' must be a mapping with 'url'");
        var configDir = YamlFiles.Scalar(root, "stackConfigDir", path);
        if (configDir is not null && (configDir.Length == 0 || System.IO.Path.IsPathRooted(configDir)))
            throw new ConfigException($"{path}: stackConfigDir: '{configDir}' must be a folder relative to the project");
        root.Children.TryGetValue(new YamlScalarNode("config"), out var config);
        return new ProjectFile(System.IO.Path.GetFullPath(path), name, YamlFiles.Scalar(root, "description", path), refresh)
        {
            BackendUrl = backend,
            StackConfigDir = configDir,
            Config = ProjectConfig.Read(config, name, path),
        };
    }

    /// <summary>This CLI runs the project's own .NET program: a project written for another runtime is not this one.</summary>
    private static void CheckRuntime(YamlMappingNode root, string path)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("runtime"), out var node)) return;
        var runtime = node switch
        {
            YamlScalarNode s => s.Value,
            YamlMappingNode m => YamlFiles.Scalar(m, "name", path),
            _ => null,
        };
        if (runtime != Runtime)
            throw new ConfigException($"{path}: runtime: '{runtime}' is not this project's runtime; infra runs the project's {Runtime} program (runtime: {Runtime})");
    }

    public const string Runtime = "dotnet";

    /// <summary>Where the stack files are: <see cref="StackConfigDir"/> under the project, or the project's folder.</summary>
    public string StackFileDirectory => StackConfigDir is { } dir ? System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, dir)) : Directory;

    public string StackFilePath(string stack) => System.IO.Path.Combine(StackFileDirectory, $"Pulumi.{stack}.yaml");

    /// <summary>The stacks that have a stack file (<c>Pulumi.&lt;stack&gt;.yaml</c>) in <see cref="StackFileDirectory"/>, in name order.</summary>
    public IReadOnlyList<string> StacksWithFiles() =>
        !System.IO.Directory.Exists(StackFileDirectory) ? [] :
        System.IO.Directory.GetFiles(StackFileDirectory, "Pulumi.*.yaml").Select(System.IO.Path.GetFileName).OfType<string>()
            .Select(f => f["Pulumi.".Length..^".yaml".Length]).Order(StringComparer.Ordinal).ToList();
}

public static class ProjectName
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
