using Infra.Engine.Model;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>The engine's one entry point: each verb's sequence, its locking, its hooks and its result.</summary>
public sealed class StackOperationsTests
{
    private readonly EngineHarness _h = new();

    private static void Two(StackRoot root)
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
    }

    [Fact]
    public async Task Preview_takes_no_lock_and_writes_no_checkpoint()
    {
        var result = await _h.Operations().PreviewAsync(EngineHarness.Program(Two), new PreviewOptions(2), CancellationToken.None);

        Assert.Equal(OperationOutcome.Previewed, result.Outcome);
        Assert.Equal(2, result.Plan.Steps.Count(s => s.Op == StepOp.Create && s.Type == Thing.TypeToken));
        Assert.Equal(0, _h.Locks);
        Assert.Empty(_h.Checkpoints);
        Assert.Empty(_h.Provider.Mutations);
    }

    [Fact]
    public async Task Up_declined_by_the_approval_changes_nothing_but_took_the_lock()
    {
        Plan? asked = null;
        var result = await _h.Operations().UpAsync(EngineHarness.Program(Two), new UpOptions(2, plan => { asked = plan; return false; }), CancellationToken.None);

        Assert.Equal(OperationOutcome.Declined, result.Outcome);
        Assert.Same(result.Plan, asked);
        Assert.Equal(1, _h.Locks);
        Assert.Empty(_h.Checkpoints);
        Assert.Empty(_h.Provider.Mutations);
    }

    [Fact]
    public async Task A_policy_violation_stops_up_before_the_lock_and_a_reporting_preview_returns_it()
    {
        var program = new ViolatingProgram();

        var error = await Assert.ThrowsAsync<PolicyViolationException>(() =>
            _h.Operations().UpAsync(EngineHarness.Program(program), new UpOptions(1, _ => true), CancellationToken.None));
        Assert.Equal(["a is not allowed"], error.Violations);
        Assert.Equal(0, _h.Locks);
        await Assert.ThrowsAsync<PolicyViolationException>(() =>
            _h.Operations().PreviewAsync(EngineHarness.Program(program), new PreviewOptions(1), CancellationToken.None));

        var report = await _h.Operations().PreviewAsync(EngineHarness.Program(program), new PreviewOptions(1, ReportViolations: true), CancellationToken.None);
        Assert.Equal(["a is not allowed"], report.PolicyViolations);
        Assert.Single(report.Plan.Steps, s => s.Op == StepOp.Create && s.Type == Thing.TypeToken);
    }

    [Fact]
    public async Task Refresh_tells_the_observer_before_and_after_each_resource_and_records_drift_only_when_approved()
    {
        await _h.UpAsync(Two);
        _h.Provider.Read = r => ProviderMock.NameOf(r.Urn) == "a" ? new ReadResult(r.Id, new() { ["value"] = "changed by hand" }, r.Outputs) : null;
        var observer = new RecordingObserver();
        var checkpoints = _h.Checkpoints.Count;

        var declined = await _h.Operations(observer).RefreshAsync(EngineHarness.Project, EngineHarness.Stack,
            new RefreshOptions(2, _ => false), CancellationToken.None);

        Assert.Equal(OperationOutcome.Declined, declined.Outcome);
        Assert.Equal(checkpoints, _h.Checkpoints.Count);
        Assert.Equal(["a", "b"], observer.Reads.Order(StringComparer.Ordinal));
        Assert.Equal(["a:Update", "b:Same"], observer.Outcomes.Order(StringComparer.Ordinal));

        var recorded = await _h.Operations().RefreshAsync(EngineHarness.Project, EngineHarness.Stack, new RefreshOptions(2, _ => true), CancellationToken.None);
        Assert.Equal(OperationOutcome.Succeeded, recorded.Outcome);
        Assert.Equal("changed by hand", (string?)_h.Find("a")!.Inputs["value"]);
    }

    [Fact]
    public async Task Refresh_preview_only_takes_no_lock_and_writes_nothing()
    {
        await _h.UpAsync(Two);
        var (locks, checkpoints) = (_h.Locks, _h.Checkpoints.Count);

        var result = await _h.Operations().RefreshAsync(EngineHarness.Project, EngineHarness.Stack,
            new RefreshOptions(2, _ => throw new InvalidOperationException("a preview asks nothing"), PreviewOnly: true), CancellationToken.None);

        Assert.Equal(OperationOutcome.Previewed, result.Outcome);
        Assert.Equal((locks, checkpoints), (_h.Locks, _h.Checkpoints.Count));
    }

    [Fact]
    public async Task After_a_failed_up_the_result_counts_the_steps_that_did_complete()
    {
        _h.Provider.BeforeCreate = r => ProviderMock.NameOf(r.Urn) == "b" ? throw new InvalidOperationException("no b") : Task.CompletedTask;

        var result = await _h.RunUpAsync(Two);

        Assert.Equal(OperationOutcome.Failed, result.Outcome);
        var done = Assert.Single(result.Done.Steps, s => s.Type == Thing.TypeToken);
        Assert.Equal("a", done.Name);
        Assert.DoesNotContain(result.Done.Steps, s => s.Name == "b");
        Assert.NotEqual("no resources", result.Done.Summary.Line());
    }

    [Fact]
    public async Task Destroy_keeps_retained_resources_and_names_them_in_the_result()
    {
        await _h.UpAsync(root => new Thing("data", new ThingArgs { Value = "1" }, root, new ResourceOptions { RetainOnDelete = true }));

        var result = await _h.DestroyAsync();

        Assert.Equal(OperationOutcome.Succeeded, result.Outcome);
        Assert.Equal("data", Assert.Single(result.Retained).Name);
        Assert.NotNull(_h.Find("data"));
        Assert.Empty(_h.Provider.DeleteRequests);
    }

    private sealed class ViolatingProgram : IStackProgram
    {
        public StackRoot Build(StackContext context)
        {
            var root = new StackRoot(context.Project, context.Stack);
            new Thing("a", new ThingArgs { Value = "1" }, root);
            return root;
        }

        public IReadOnlyList<string> CheckPolicies(DesiredState desired) => ["a is not allowed"];
    }

    private sealed class RecordingObserver : IOperationObserver
    {
        public List<string> Reads { get; } = [];
        public List<string> Outcomes { get; } = [];
        public void RefreshStarted(ResourceState resource) { lock (Reads) Reads.Add(resource.Name); }
        public void RefreshCompleted(ResourceState resource, PlanStep outcome) { lock (Outcomes) Outcomes.Add($"{resource.Name}:{outcome.Op}"); }
        public void Started(Infra.Engine.Execution.Operation operation) { }
        public void Progress(Infra.Engine.Execution.Operation operation, string message) { }
        public void Completed(Infra.Engine.Execution.Operation operation, TimeSpan elapsed) { }
        public void Failed(Infra.Engine.Execution.Operation operation, Exception error) { }
    }
}
