using Infra.Engine.Operations;
using System.Text.Json.Nodes;
using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>A provider failing in the middle of an update.</summary>
public sealed class FailureTests
{
    private sealed class FailureObserver(Action<Operation> onFailed) : IOperationObserver
    {
        public List<string> StartedNames { get; } = [];
        public void Started(Operation operation) { lock (StartedNames) StartedNames.Add(operation.Step.Name); }
        public void Progress(Operation operation, string message) { }
        public void Completed(Operation operation, TimeSpan elapsed) { }
        public void Failed(Operation operation, Exception error) => onFailed(operation);
    }

    [Fact]
    public async Task After_a_failure_no_new_step_starts_in_flight_ones_finish_and_completed_ones_are_saved()
    {
        var h = new EngineHarness();
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Provider.BeforeCreate = async r =>
        {
            switch (ProviderMock.NameOf(r.Urn))
            {
                case "a":
                    await bStarted.Task;
                    throw new InvalidOperationException("boom on a");
                case "b":
                    bStarted.SetResult();
                    await bRelease.Task;
                    break;
            }
        };
        // b is released only once a has failed (and the executor has had time to see it).
        var observer = new FailureObserver(_ => Task.Run(async () => { await Task.Delay(200); bRelease.TrySetResult(); }));
        var run = await h.RunUpAsync(root =>
        {
            foreach (var name in new[] { "a", "b", "c", "d" }) new Thing(name, new ThingArgs { Value = name }, root);
        }, parallel: 2, observer);
        var result = run.Execution!;

        Assert.False(result.Succeeded);
        var (op, error) = Assert.Single(result.Failures);
        Assert.Equal("a", op.Step.Name);
        Assert.Equal("boom on a", error.Message);
        // b was in flight and finished; c and d were never started.
        Assert.Equal(["create:a", "create:b"], h.Provider.Mutations.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("c", observer.StartedNames);
        Assert.DoesNotContain("d", observer.StartedNames);
        var saved = h.Checkpoints.Last();
        var b = Assert.Single(saved.Resources, r => r.Name == "b");
        Assert.Equal("b-1", b.Id);
        Assert.DoesNotContain(saved.Resources, r => r.Name is "a" or "c" or "d");
        var pending = Assert.Single(saved.PendingOperations);
        Assert.Equal(PendingOperation.Creating, pending.Type);
        Assert.Equal(EngineHarness.Urn("a"), pending.Resource.Urn);
    }

    [Fact]
    public async Task A_replacement_whose_old_copy_failed_to_delete_leaves_it_marked_and_the_next_run_deletes_it()
    {
        var h = new EngineHarness();
        h.Provider.ReplaceKeys.Add("value");
        await h.UpAsync(root => new Thing("a", new ThingArgs { Value = "1" }, root));
        h.Provider.BeforeDelete = _ => throw new InvalidOperationException("delete refused");

        var failed = (await h.RunUpAsync(root => new Thing("a", new ThingArgs { Value = "2" }, root))).Execution!;

        Assert.False(failed.Succeeded);
        Assert.Equal(["a-1", "a-2"], h.State.Resources.Where(r => r.Name == "a").Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(h.State.Resources, r => r.Id == "a-1").Delete);
        Assert.Equal(PendingOperation.Deleting, Assert.Single(h.State.PendingOperations).Type);

        h.Provider.BeforeDelete = null;
        h.Provider.ClearCalls();
        var plan = await h.UpAsync(root => new Thing("a", new ThingArgs { Value = "2" }, root));

        Assert.Contains(plan.Warnings, w => w.Contains("interrupted while deleting", StringComparison.Ordinal));
        Assert.Equal(StepOp.Delete, plan.Steps.Single(s => s.Op != StepOp.Same).Op);
        Assert.Equal(["delete:a"], h.Provider.Mutations);
        Assert.Equal("a-1", Assert.Single(h.Provider.DeleteRequests).Id);
        Assert.Equal("a-2", Assert.Single(h.State.Resources, r => r.Name == "a").Id);
        Assert.Empty(h.State.PendingOperations);
    }
}
