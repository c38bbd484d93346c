using Infra.Engine.Graph;

namespace Infra.Engine.State;

/// <summary>Orders state entries by their recorded dependencies.</summary>
public static class StateOrder
{
    /// <summary>Dependents before their dependencies: the order to delete in.</summary>
    public static IReadOnlyList<ResourceState> DependentsFirst(IReadOnlyList<ResourceState> resources)
    {
        var graph = new DependencyGraph<ResourceState>();
        var byUrn = resources.GroupBy(r => r.Urn).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var r in resources)
        {
            graph.AddNode(r);
            foreach (var dep in r.Dependencies.Append(r.Parent ?? ""))
                foreach (var target in byUrn.GetValueOrDefault(dep) ?? [])
                    if (!ReferenceEquals(target, r)) graph.AddEdge(r, target);
        }
        try { return graph.TopologicalOrder().Reverse().ToList(); }
        catch (CycleException<ResourceState>) { return resources.Reverse().ToList(); }
    }
}
