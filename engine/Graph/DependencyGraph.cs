namespace Infra.Engine.Graph;

/// <summary>A directed graph over keys where an edge a → b means "a depends on b". Knows nothing of resources.</summary>
public sealed class DependencyGraph<TKey> where TKey : notnull
{
    private readonly List<TKey> _order = [];
    private readonly Dictionary<TKey, HashSet<TKey>> _dependencies = [];

    public IReadOnlyList<TKey> Nodes => _order;

    public void AddNode(TKey key)
    {
        if (_dependencies.TryAdd(key, [])) _order.Add(key);
    }

    public void AddEdge(TKey from, TKey dependsOn)
    {
        AddNode(from);
        AddNode(dependsOn);
        _dependencies[from].Add(dependsOn);
    }

    public bool Contains(TKey key) => _dependencies.ContainsKey(key);

    public IReadOnlySet<TKey> DependenciesOf(TKey key) => _dependencies[key];

    /// <summary>Dependencies first; ties keep insertion order. Throws <see cref="CycleException{TKey}"/>.</summary>
    public IReadOnlyList<TKey> TopologicalOrder()
    {
        var result = new List<TKey>(_order.Count);
        var state = new Dictionary<TKey, byte>(_order.Count); // 1 visiting, 2 done
        var path = new List<TKey>();
        foreach (var key in _order) Visit(key, state, path, result);
        return result;
    }

    private void Visit(TKey key, Dictionary<TKey, byte> state, List<TKey> path, List<TKey> result)
    {
        // Iterative DFS: deep chains of 1000+ resources must not overflow the stack.
        var stack = new Stack<(TKey Key, IEnumerator<TKey> Deps)>();
        if (state.TryGetValue(key, out var s0) && s0 == 2) return;
        state[key] = 1;
        path.Add(key);
        stack.Push((key, _dependencies[key].GetEnumerator()));
        while (stack.Count > 0)
        {
            var (current, deps) = stack.Peek();
            if (deps.MoveNext())
            {
                var next = deps.Current;
                state.TryGetValue(next, out var s);
                if (s == 2) continue;
                if (s == 1)
                {
                    var start = path.IndexOf(next);
                    throw new CycleException<TKey>([.. path.Skip(start), next]);
                }
                state[next] = 1;
                path.Add(next);
                stack.Push((next, _dependencies[next].GetEnumerator()));
            }
            else
            {
                stack.Pop();
                path.RemoveAt(path.Count - 1);
                state[current] = 2;
                result.Add(current);
            }
        }
    }

    /// <summary>
    /// For each node, how many nodes wait on it in its longest chain of dependents (0 for a node nothing depends on).
    /// Throws <see cref="CycleException{TKey}"/>.
    /// </summary>
    public IReadOnlyDictionary<TKey, int> WaitingChains()
    {
        var chains = _order.ToDictionary(k => k, _ => 0);
        var order = TopologicalOrder();
        // Dependents come after their dependencies: walking backwards, a node's chain is final before it is passed on.
        for (var i = order.Count - 1; i >= 0; i--)
            foreach (var dependency in _dependencies[order[i]])
                chains[dependency] = Math.Max(chains[dependency], chains[order[i]] + 1);
        return chains;
    }

    /// <summary>Every node that depends, directly or not, on <paramref name="key"/>.</summary>
    public IReadOnlySet<TKey> Dependents(TKey key)
    {
        var reverse = new Dictionary<TKey, List<TKey>>();
        foreach (var (from, deps) in _dependencies)
            foreach (var d in deps)
                (reverse.TryGetValue(d, out var l) ? l : reverse[d] = []).Add(from);
        var seen = new HashSet<TKey>();
        var queue = new Queue<TKey>([key]);
        while (queue.Count > 0)
            foreach (var next in reverse.GetValueOrDefault(queue.Dequeue()) ?? [])
                if (seen.Add(next)) queue.Enqueue(next);
        return seen;
    }
}

public sealed class CycleException<TKey>(IReadOnlyList<TKey> cycle)
    : Exception($"dependency cycle: {string.Join(" -> ", cycle)}")
{
    public IReadOnlyList<TKey> Cycle { get; } = cycle;
}
