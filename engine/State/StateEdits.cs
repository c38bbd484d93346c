using Infra.Engine.Graph;

namespace Infra.Engine.State;

/// <summary>The edits of Pulumi's <c>state</c> verbs, as pure functions of a snapshot. Each refuses an unknown URN.</summary>
public static class StateEdits
{
    /// <summary><c>state delete</c>: forgets a resource (nothing is deleted on the host).</summary>
    public static StateEdit Delete(StackSnapshot snapshot, string urn, bool targetDependents, bool force)
    {
        Require(snapshot, urn);
        var doomed = new HashSet<string>(StringComparer.Ordinal) { urn };
        var dependents = DependentsOf(snapshot, urn);
        if (dependents.Count > 0 && !targetDependents)
            throw new StateEditRefusedException(
                $"{urn} can't be deleted because {dependents.Count} resource(s) depend on it ({string.Join(", ", dependents)}); delete those first or pass --target-dependents");
        if (targetDependents) doomed.UnionWith(dependents);
        var isProtected = snapshot.Resources.Where(r => doomed.Contains(r.Urn) && r.Protect).Select(r => r.Urn).Distinct().ToList();
        if (isProtected.Count > 0 && !force)
            throw new StateEditRefusedException($"{string.Join(", ", isProtected)} can't be deleted because it is protected; pass --force to delete it anyway");
        var kept = snapshot.Resources.Where(r => !doomed.Contains(r.Urn)).ToList();
        var pending = snapshot.PendingOperations.Where(p => !doomed.Contains(p.Resource.Urn)).ToList();
        var lines = snapshot.Resources.Where(r => doomed.Contains(r.Urn)).Select(r => r.Urn).Distinct().Select(u => $"deleted {u}").ToList();
        return new StateEdit(new StackSnapshot(kept, pending), lines, new ResourceChanges(Delete: lines.Count));
    }

    /// <summary><c>state unprotect</c>: one resource, or all with <paramref name="urn"/> null.</summary>
    public static StateEdit Unprotect(StackSnapshot snapshot, string? urn)
    {
        if (urn is not null) Require(snapshot, urn);
        return Update(snapshot, r => (urn is null || r.Urn == urn) && r.Protect, r => r with { Protect = false }, "unprotected");
    }

    /// <summary><c>state taint</c> / <c>untaint</c>: the next <c>up</c> replaces a tainted resource.</summary>
    public static StateEdit Taint(StackSnapshot snapshot, IReadOnlyList<string> urns, bool taint)
    {
        foreach (var urn in urns)
        {
            var r = Require(snapshot, urn);
            if (!r.Custom) throw new StateEditRefusedException($"{urn} is a component: only resources a provider manages can be {(taint ? "tainted" : "untainted")}");
        }
        return Update(snapshot, r => urns.Contains(r.Urn) && !r.Delete && r.Taint != taint, r => r with { Taint = taint }, taint ? "tainted" : "untainted");
    }

    /// <summary><c>state rename</c>: a new name in the URN, and every reference to it (dependencies, parents) follows.</summary>
    public static StateEdit Rename(StackSnapshot snapshot, string urn, string newName)
    {
        Require(snapshot, urn);
        if (string.IsNullOrWhiteSpace(newName) || newName.Contains("::", StringComparison.Ordinal))
            throw new InvalidNameException(newName);
        var renamed = UrnParts.WithName(urn, newName);
        if (renamed == urn) return new StateEdit(snapshot, [], ResourceChanges.None);
        if (snapshot.Find(renamed) is not null)
            throw new StateEditRefusedException($"a resource with URN {renamed} already exists; nothing changed");
        string Map(string u) => u == urn ? renamed : u;
        ResourceState Follow(ResourceState r) => r with
        {
            Urn = Map(r.Urn),
            Parent = r.Parent is null ? null : Map(r.Parent),
            Dependencies = r.Dependencies.Any(d => d == urn) ? r.Dependencies.Select(Map).ToList() : r.Dependencies,
        };
        var resources = snapshot.Resources.Select(r => r.Urn == urn || r.Parent == urn || r.Dependencies.Contains(urn) ? Follow(r) : r).ToList();
        var pending = snapshot.PendingOperations.Select(p => p.Resource.Urn == urn ? p with { Resource = Follow(p.Resource) } : p).ToList();
        return new StateEdit(new StackSnapshot(resources, pending), [$"renamed {urn} to {renamed}"], new ResourceChanges(Update: 1));
    }

    /// <summary>
    /// <c>state repair</c>: drops dependencies and parents that name no resource in the state, then orders the
    /// resources so each comes after what it depends on. A cycle cannot be repaired and is refused.
    /// </summary>
    public static StateEdit Repair(StackSnapshot snapshot)
    {
        var urns = snapshot.Resources.Select(r => r.Urn).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string>();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var fixedResources = snapshot.Resources.Select(r =>
        {
            var dangling = r.Dependencies.Where(d => !urns.Contains(d)).ToList();
            var parentGone = r.Parent is not null && !urns.Contains(r.Parent);
            if (dangling.Count == 0 && !parentGone) return r;
            lines.AddRange(dangling.Select(d => $"{r.Urn}: removed the dependency on {d}, which is not in the state"));
            if (parentGone) lines.Add($"{r.Urn}: removed the parent {r.Parent}, which is not in the state");
            changed.Add(r.Urn);
            return r with { Dependencies = r.Dependencies.Where(urns.Contains).ToList(), Parent = parentGone ? null : r.Parent };
        }).ToList();

        var graph = new DependencyGraph<ResourceState>();
        var byUrn = fixedResources.GroupBy(r => r.Urn).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var r in fixedResources) graph.AddNode(r);
        foreach (var r in fixedResources)
            foreach (var dep in r.Dependencies.Append(r.Parent ?? ""))
                foreach (var target in byUrn.GetValueOrDefault(dep) ?? [])
                    if (!ReferenceEquals(target, r)) graph.AddEdge(r, target);
        IReadOnlyList<ResourceState> ordered;
        try { ordered = graph.TopologicalOrder(); }
        catch (CycleException<ResourceState> e)
        {
            throw new StateEditRefusedException($"the state has a dependency cycle ({string.Join(" -> ", e.Cycle.Select(r => r.Urn))}); state repair cannot fix it, nothing changed");
        }
        for (var i = 0; i < ordered.Count; i++)
            if (!ReferenceEquals(ordered[i], fixedResources[i]))
            {
                lines.Add($"{ordered[i].Urn}: moved from position {fixedResources.IndexOf(ordered[i]) + 1} to {i + 1}, after what it depends on");
                changed.Add(ordered[i].Urn);
            }
        return new StateEdit(snapshot with { Resources = ordered }, lines, new ResourceChanges(Update: changed.Count));
    }

    private static ResourceState Require(StackSnapshot snapshot, string urn) =>
        snapshot.Resources.FirstOrDefault(r => r.Urn == urn && !r.Delete) ?? snapshot.Find(urn) ?? throw new UnknownResourceException(urn);

    /// <summary>Every resource that depends on <paramref name="urn"/>, directly or not, through a dependency or as a child.</summary>
    private static List<string> DependentsOf(StackSnapshot snapshot, string urn)
    {
        var found = new List<string>();
        var queue = new Queue<string>([urn]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var r in snapshot.Resources)
                if (r.Urn != urn && !found.Contains(r.Urn) && (r.Parent == current || r.Dependencies.Contains(current)))
                {
                    found.Add(r.Urn);
                    queue.Enqueue(r.Urn);
                }
        }
        return found;
    }

    private static StateEdit Update(StackSnapshot snapshot, Func<ResourceState, bool> applies, Func<ResourceState, ResourceState> change, string verb)
    {
        var lines = new List<string>();
        var resources = snapshot.Resources.Select(r =>
        {
            if (!applies(r)) return r;
            lines.Add($"{verb} {r.Urn}");
            return change(r);
        }).ToList();
        return new StateEdit(snapshot with { Resources = resources }, lines, new ResourceChanges(Update: lines.Count));
    }
}

/// <summary>A new resource name that cannot be part of a URN (bad input: exit 2).</summary>
public sealed class InvalidNameException(string name) : EngineException($"'{name}' is not a valid resource name (empty, or contains '::'); nothing changed");
