using System.Text.Json.Nodes;
using Infra.Engine.Graph;
using Infra.Engine.Model;
using Infra.Engine.Properties;

namespace Infra.Engine.Planning;

/// <summary>Turns the program's object tree into a <see cref="DesiredState"/>: URNs, inputs, dependency edges.</summary>
public static class ProgramRegistration
{
    public static DesiredState Register(StackRoot root)
    {
        var all = new List<Resource>();
        Collect(root, all);
        var byUrn = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var r in all)
        {
            var urn = UrnOf(root, r, r.Name);
            if (!byUrn.TryAdd(urn, r))
                throw new EngineException($"duplicate resource URN '{urn}': two resources of type {r.Type} named '{r.Name}' under the same parent");
            r.AssignUrn(urn);
        }

        var desired = new Dictionary<string, DesiredResource>(StringComparer.Ordinal);
        var graph = new DependencyGraph<string>();
        foreach (var r in all)
        {
            var d = Describe(r, root);
            foreach (var dep in d.Dependencies)
                if (!byUrn.ContainsKey(dep))
                    throw new EngineException($"{r.Type} '{r.Name}' refers to '{dep}', which is not part of the program");
            desired[d.Urn] = d;
            graph.AddNode(d.Urn);
            foreach (var dep in d.Dependencies) graph.AddEdge(d.Urn, dep);
        }

        IReadOnlyList<string> order;
        try { order = graph.TopologicalOrder(); }
        catch (CycleException<string> e)
        {
            var names = e.Cycle.Select(u => $"{byUrn[u].Type} '{byUrn[u].Name}'");
            throw new EngineException($"dependency cycle between resources: {string.Join(" -> ", names)}");
        }
        return new DesiredState(root.Project, root.Stack, order.Select(u => desired[u]).ToList());
    }

    private static string UrnOf(StackRoot root, Resource r, string name) =>
        Urn.Create(root.Stack, root.Project, r.Type, name, r.Parent is null or StackRoot ? null : r.Parent.QualifiedType).ToString();

    private static void Collect(Resource r, List<Resource> into)
    {
        into.Add(r);
        if (r is ComponentResource c)
            foreach (var child in c.Children) Collect(child, into);
    }

    private static DesiredResource Describe(Resource r, StackRoot root)
    {
        var inputs = r switch
        {
            CustomResource c => InputSerializer.ToProperties(c.Arguments),
            ComponentResource c => new JsonObject(c.Outputs.Select(kv => KeyValuePair.Create(kv.Key, InputJsonConverterFactory.ToNode(kv.Value)))),
            _ => throw new InvalidOperationException(r.GetType().Name),
        };
        var deps = Reference.Urns(inputs).Concat(r.Options.DependsOn.Select(d => d.Urn)).Distinct().ToList();
        var aliases = r.Options.Aliases
            .Select(a => a.StartsWith("urn:", StringComparison.Ordinal) ? a : UrnOf(root, r, a))
            .ToList();
        return new DesiredResource(
            r.Urn, r.Type, r.Name, r.Parent?.Urn, r is CustomResource, inputs, deps,
            r.EffectiveProtect, r.EffectiveRetainOnDelete, r.Options.DeleteBeforeReplace,
            r.Options.IgnoreChanges, r.Options.ReplaceOnChanges, aliases);
    }
}
