using Infra.Ci.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace Infra.Ci.Tests.Workflows;

/// <summary>One file of .github/workflows, parsed with YamlDotNet.</summary>
public sealed class Workflow
{
    private Workflow(string name, YamlMappingNode root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }
    public YamlMappingNode Root { get; }

    public static string Folder => Repository.PathOf(".github/workflows");

    public static IReadOnlyList<Workflow> All() =>
        Directory.GetFiles(Folder, "*.yml").Concat(Directory.GetFiles(Folder, "*.yaml")).Order().Select(Load).ToList();

    public static Workflow Named(string file) => Load(Path.Combine(Folder, file));

    private static Workflow Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return new Workflow(Path.GetFileName(path), Assert.IsType<YamlMappingNode>(stream.Documents.Single().RootNode));
    }

    /// <summary>The triggers: the keys under <c>on:</c>.</summary>
    public YamlMappingNode On => Assert.IsType<YamlMappingNode>(Root.Children[new YamlScalarNode("on")]);

    public IEnumerable<(string Job, YamlMappingNode Step)> Steps =>
        Assert.IsType<YamlMappingNode>(Root.Children[new YamlScalarNode("jobs")]).Children
            .SelectMany(job => Assert.IsType<YamlSequenceNode>(((YamlMappingNode)job.Value).Children[new YamlScalarNode("steps")])
                .Select(step => (Job: ((YamlScalarNode)job.Key).Value!, Step: (YamlMappingNode)step)));

    /// <summary>Every command line of every <c>run:</c> step (comments and blank lines left out).</summary>
    public IEnumerable<string> RunLines => Steps
        .Select(s => Scalar(s.Step, "run"))
        .OfType<string>()
        .SelectMany(run => run.Split('\n'))
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'));

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
