using Infra.Engine.Graph;
using Infra.Engine.Planning;
using Infra.Engine.State;

namespace Infra.Engine.Execution;

/// <summary>
/// Orders a plan's operations: applies after their dependencies; delete-first replacements delete
/// dependents before dependencies; other deletes run last, dependents first.
/// </summary>
public static class ExecutionGraph
{
    public static DependencyGraph<Operation> Build(Plan plan)
    {
        var graph = new DependencyGraph<Operation>();
        var apply = new Dictionary<string, Operation>(StringComparer.Ordinal);
        var deletes = new Dictionary<string, Operation>(StringComparer.Ordinal); // by old URN
        foreach (var step in plan.Steps)
        {
            if (step.Op != StepOp.Delete) graph.AddNode(apply[step.Urn] = new Operation(OperationKind.Apply, step));
            if (step.Op == StepOp.Delete || step.Op == StepOp.Replace)
            {
                var op = new Operation(step.Op == StepOp.Delete ? OperationKind.Delete : OperationKind.DeleteOld, step);
                graph.AddNode(op);
                deletes[step.Old!.Urn] = op;
            }
        }

        foreach (var (urn, op) in apply)
        {
            foreach (var dep in op.Step.Desired?.Dependencies ?? [])
                if (apply.TryGetValue(dep, out var d)) graph.AddEdge(op, d);
            if (op.Step is { Op: StepOp.Replace, DeleteBeforeReplace: true }) graph.AddEdge(op, deletes[op.Step.Old!.Urn]);
        }

        // A delete waits for the deletes of whatever depended on the old object, and a parent for its children.
        // A component that depends on its own descendant (an output naming a child) is still deleted after it:
        // children go first, or the two rules would wait on each other for ever.
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var old in plan.Steps.Select(s => s.Old).OfType<ResourceState>()) parents.TryAdd(old.Urn, old.Parent);
        bool IsAncestor(string candidate, string urn)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var p = parents.GetValueOrDefault(urn); p is not null && seen.Add(p); p = parents.GetValueOrDefault(p))
                if (p == candidate) return true;
            return false;
        }
        foreach (var (oldUrn, op) in deletes)
            foreach (var other in deletes.Values)
                if (!ReferenceEquals(other, op) && (other.Step.Old!.Parent == oldUrn
                    || (other.Step.Old.Dependencies.Contains(oldUrn) && !IsAncestor(other.Step.Old.Urn, oldUrn))))
                    graph.AddEdge(op, other);

        // Deletes not needed before any apply come last.
        var neededEarly = new HashSet<Operation>();
        foreach (var op in apply.Values) Ancestors(graph, op, neededEarly);
        foreach (var op in deletes.Values.Where(d => !neededEarly.Contains(d)))
        {
            foreach (var a in apply.Values) graph.AddEdge(op, a);
            if (op.Kind == OperationKind.DeleteOld) graph.AddEdge(op, apply[op.Step.Urn]);
        }
        // A cycle would leave its operations waiting for ever while the run reports success: refuse it up front.
        graph.TopologicalOrder();
        return graph;
    }

    private static void Ancestors(DependencyGraph<Operation> graph, Operation op, HashSet<Operation> into)
    {
        foreach (var dep in graph.DependenciesOf(op))
            if (into.Add(dep)) Ancestors(graph, dep, into);
    }
}
