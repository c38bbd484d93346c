using System.Diagnostics;
using Infra.Engine.Graph;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Execution;

/// <summary>
/// Walks a plan's operations in dependency order with bounded parallelism. It makes no decisions:
/// the plan says what to do. Of the operations ready to run, those with the longest chain of operations waiting on
/// them start first. After a failure or cancellation no new operation starts; running ones finish.
/// </summary>
public sealed class Executor(ProviderRegistry providers)
{
    public async Task<ExecutionResult> ExecuteAsync(
        Plan plan, LiveState state, int parallel, IDeploymentObserver observer, CancellationToken cancel)
    {
        var graph = ExecutionGraph.Build(plan);
        var runner = new OperationRunner(providers, state);
        var remaining = graph.Nodes.ToDictionary(n => n, n => graph.DependenciesOf(n).Count);
        var dependents = graph.Nodes.ToDictionary(n => n, _ => new List<Operation>());
        foreach (var n in graph.Nodes)
            foreach (var d in graph.DependenciesOf(n)) dependents[d].Add(n);

        var chains = graph.WaitingChains();
        var ready = new PriorityQueue<Operation, (int, int)>();
        var readied = 0;
        void Ready(Operation op) => ready.Enqueue(op, (-chains[op], readied++));
        foreach (var n in graph.Nodes.Where(n => remaining[n] == 0)) Ready(n);
        var running = new Dictionary<Task<Exception?>, Operation>();
        var failures = new List<(Operation, Exception)>();
        var completed = new HashSet<Operation>();
        var done = 0;
        while (ready.Count > 0 || running.Count > 0)
        {
            while (ready.Count > 0 && running.Count < Math.Max(1, parallel) && failures.Count == 0 && !cancel.IsCancellationRequested)
            {
                var op = ready.Dequeue();
                running[RunOneAsync(op, chains[op], runner, observer)] = op;
            }
            if (running.Count == 0) break;
            var finished = await Task.WhenAny(running.Keys);
            var finishedOp = running[finished];
            running.Remove(finished);
            if (await finished is { } error)
            {
                failures.Add((finishedOp, error));
                continue;
            }
            done++;
            completed.Add(finishedOp);
            foreach (var next in dependents[finishedOp])
                if (--remaining[next] == 0) Ready(next);
        }

        if (failures.Count == 0 && !cancel.IsCancellationRequested && done == graph.Nodes.Count) state.DropPendingOperations();
        await state.SaveAsync(CancellationToken.None);
        var stepsDone = graph.Nodes.GroupBy(n => n.Step).Where(g => g.All(completed.Contains)).Select(g => g.Key).ToHashSet();
        return new ExecutionResult(state.Snapshot(), failures, cancel.IsCancellationRequested && failures.Count == 0 && done < graph.Nodes.Count,
            done, graph.Nodes.Count, stepsDone);
    }

    /// <summary>Runs an operation; returns its error instead of throwing so the walk can wind down cleanly.</summary>
    private static async Task<Exception?> RunOneAsync(Operation op, int waitingChain, OperationRunner runner, IDeploymentObserver observer)
    {
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        observer.Started(op);
        try
        {
            // In-flight work is never cancelled: a half-made container is worse than a finished one.
            await runner.RunAsync(op, new Progress(op, observer), CancellationToken.None, waitingChain);
            observer.Completed(op, clock.Elapsed);
            return null;
        }
        catch (Exception e)
        {
            observer.Failed(op, e);
            return e;
        }
    }

    private sealed class Progress(Operation op, IDeploymentObserver observer) : IProgress<string>
    {
        public void Report(string value) => observer.Progress(op, value);
    }
}

/// <param name="CompletedSteps">The steps all of whose operations finished (by reference).</param>
public sealed record ExecutionResult(
    StackSnapshot Snapshot, IReadOnlyList<(Operation Operation, Exception Error)> Failures, bool Cancelled, int Completed, int Total,
    IReadOnlySet<PlanStep> CompletedSteps)
{
    public bool Succeeded => Failures.Count == 0 && !Cancelled;
}
