using System.Text.Json.Nodes;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Stacks.Tests.Fixtures;

/// <summary>
/// Builds the seed stack from an in-memory stack config, without Docker: the program's object tree, its
/// desired state (inputs serialised, references as placeholders) and lookups by host name.
/// </summary>
public sealed class StackBuild
{
    public const string Project = "seed";
    public const string Stack = "test";
    public const string ConfigPath = "Pulumi.test.yaml";
    public const string GroqKey = "gsk_TEST-groq-key-0123456789abcdef";
    public const string CaddyPassword = "caddy-Admin-pw-9f8e7d6c";

    public static readonly string[] Tenants = ["azoth", "maximus", "koff"];

    private static readonly Lazy<StackBuild> StandardBuild = new(() => Build(Config()));
    private static readonly Lazy<StackBuild> MultiTenantBuild = new(() => Build(Config(("infra:multiTenant", true))));
    private static readonly Lazy<StackBuild> StandardCaddyBuild = new(() => Build(Config(("infra:caddy", CaddyConfig()))));
    private static readonly Lazy<StackBuild> MultiTenantCaddyBuild = new(() => Build(Config(("infra:multiTenant", true), ("infra:caddy", CaddyConfig()))));

    private StackBuild(SeedStackProgram program, StackRoot root, DesiredState desired, IReadOnlyList<string> warnings)
    {
        Program = program;
        Root = root;
        Desired = desired;
        Warnings = warnings;
        ByUrn = desired.Resources.ToDictionary(r => r.Urn);
    }

    public SeedStackProgram Program { get; }
    public StackRoot Root { get; }
    public DesiredState Desired { get; }
    public IReadOnlyList<string> Warnings { get; }
    public IReadOnlyDictionary<string, DesiredResource> ByUrn { get; }

    /// <summary>The four builds most tests look at, by variant name ("standard", "multi-tenant", each with "+caddy").</summary>
    public static StackBuild Of(string variant) => variant switch
    {
        "standard" => StandardBuild.Value,
        "multi-tenant" => MultiTenantBuild.Value,
        "standard+caddy" => StandardCaddyBuild.Value,
        "multi-tenant+caddy" => MultiTenantCaddyBuild.Value,
        _ => throw new ArgumentException(variant, nameof(variant)),
    };

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Infra.sln")) && Directory.Exists(Path.Combine(dir.FullName, "configs")))
                return dir.FullName;
        throw new InvalidOperationException("repository root (Infra.sln + configs/) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The stack config: the Groq key as a secret, plus the given keys (later ones win).</summary>
    public static JsonObject Config(params (string Key, object? Value)[] entries)
    {
        var config = new JsonObject { ["infra:groqApiKey"] = Secret.Wrap(JsonValue.Create(GroqKey)) };
        foreach (var (key, value) in entries)
        {
            if (value is null) config.Remove(key);
            else config[key] = value is JsonNode n ? n.DeepClone() : System.Text.Json.JsonSerializer.SerializeToNode(value, value.GetType());
        }
        return config;
    }

    public static JsonObject CaddyConfig() => new()
    {
        ["enabled"] = true,
        ["publicDomain"] = "example.org",
        ["email"] = "a@example.org",
        ["users"] = new JsonObject { ["admin"] = Secret.Wrap(JsonValue.Create(CaddyPassword)) },
    };

    public static StackContext Context(JsonObject config, string? projectDirectory = null, List<string>? warnings = null) =>
        new(Project, Stack, new StackConfig(ConfigPath, config), projectDirectory ?? RepoRoot, w => warnings?.Add(w));

    public static StackBuild Build(JsonObject config, string? projectDirectory = null)
    {
        var warnings = new List<string>();
        var program = new SeedStackProgram();
        var root = program.Build(Context(config, projectDirectory, warnings));
        var desired = ProgramRegistration.Register(root);
        return new StackBuild(program, root, desired, warnings);
    }

    public IEnumerable<DesiredResource> OfType(string type) => Desired.Resources.Where(r => r.Type == type);

    public IEnumerable<DesiredResource> Containers => OfType(ContainerKind.TypeToken);
    public IEnumerable<DesiredResource> Networks => OfType(NetworkKind.TypeToken);
    public IEnumerable<DesiredResource> Passwords => OfType(RandomProvider.PasswordType);

    public static string HostName(DesiredResource r) => r.Inputs["name"]!.GetValue<string>();

    /// <summary>The container whose name on the host is <paramref name="name"/>.</summary>
    public DesiredResource Container(string name) =>
        Containers.SingleOrDefault(c => HostName(c) == name) ?? throw new Xunit.Sdk.XunitException($"no container named '{name}' (have: {string.Join(", ", Containers.Select(HostName))})");

    public IReadOnlyList<string> ContainerNames => Containers.Select(HostName).ToList();

    /// <summary>The resource a placeholder refers to, checking the output key.</summary>
    public DesiredResource Referenced(JsonNode? node, string expectedType, string expectedKey)
    {
        Assert.True(Reference.IsOutput(node, out var urn, out var key), $"expected a reference to a {expectedType}, got {node?.ToJsonString()}");
        Assert.Equal(expectedKey, key);
        var target = ByUrn[urn];
        Assert.Equal(expectedType, target.Type);
        return target;
    }

    /// <summary>The host names of the networks a container attaches to, in declaration order (duplicates kept).</summary>
    public IReadOnlyList<string> NetworkAttachments(DesiredResource container) =>
        (container.Inputs["networks"] as JsonArray ?? [])
            .Select(n => HostName(Referenced(n!["name"], NetworkKind.TypeToken, "name")))
            .ToList();

    public IReadOnlySet<string> NetworksOf(string containerName) => NetworkAttachments(Container(containerName)).ToHashSet();

    /// <summary>Host names of the containers attached to a network.</summary>
    public IReadOnlySet<string> MembersOf(string network) =>
        Containers.Where(c => NetworkAttachments(c).Contains(network)).Select(HostName).ToHashSet();

    public DesiredResource Password(string name) => Passwords.Single(p => p.Name == name);

    /// <summary>Whether a node delivers a generated password: a reference to a random:Password output, or a format over one.</summary>
    public bool IsPasswordReference(JsonNode? node) =>
        Reference.IsOutput(node, out var urn, out _) && ByUrn[urn].Type == RandomProvider.PasswordType
        || node is JsonObject o && o["$format"] is not null && o["$args"] is JsonArray args && args.Any(IsPasswordReference);

    public IReadOnlyList<ContainerFileView> Files(DesiredResource container) =>
        (container.Inputs["files"] as JsonArray ?? [])
            .Select(f => new ContainerFileView(f!["path"]!.GetValue<string>(), f["content"], f["mode"]?.GetValue<string>()))
            .ToList();

    public ContainerFileView File(string containerName, string path) =>
        Files(Container(containerName)).SingleOrDefault(f => f.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"container '{containerName}' uploads no {path}");

    public static IReadOnlyDictionary<string, JsonNode?> Env(DesiredResource container) =>
        (container.Inputs["env"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Every string leaf outside secret wrappers, with its path.</summary>
    public static IEnumerable<(string Path, string Value)> PlainStrings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case null:
                yield break;
            case JsonObject o when Secret.IsSecret(o):
                yield break;
            case JsonObject o:
                foreach (var (k, v) in o) foreach (var s in PlainStrings(v, path.Length == 0 ? k : $"{path}.{k}")) yield return s;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) foreach (var s in PlainStrings(a[i], $"{path}[{i}]")) yield return s;
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }

    /// <summary>Every string leaf, secret or not.</summary>
    public static IEnumerable<string> AllStrings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => AllStrings(kv.Value)),
        JsonArray a => a.SelectMany(AllStrings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}

public sealed record ContainerFileView(string Path, JsonNode? Content, string? Mode)
{
    /// <summary>The content when it is a plain literal.</summary>
    public string Text => Content is JsonValue v && v.TryGetValue<string>(out var s)
        ? s
        : throw new Xunit.Sdk.XunitException($"{Path}: content is not plain text: {Content?.ToJsonString()}");
}
