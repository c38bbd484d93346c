using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Infra.Engine.Config;
using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Tests.Support;

/// <summary>
/// Runs the engine's verbs (<see cref="StackOperations"/>) in memory against a <see cref="ProviderMock"/>.
/// The state carries over from one run to the next; every checkpoint the engine writes is kept.
/// </summary>
public sealed class EngineHarness : IStackState
{
    public const string Project = "proj";
    public const string Stack = "dev";

    public ProviderMock Provider { get; } = new();
    public StackSnapshot State { get; set; } = StackSnapshot.Empty;
    public ConcurrentQueue<StackSnapshot> Checkpoints { get; } = new();
    public int Locks { get; private set; }

    public static string Urn(string name, string type = Thing.TypeToken) => Infra.Engine.Model.Urn.Create(Stack, Project, type, name).ToString();

    public static DesiredState Register(Action<StackRoot> build)
    {
        var root = new StackRoot(Project, Stack);
        build(root);
        return ProgramRegistration.Register(root);
    }

    public StackOperations Operations(IOperationObserver? observer = null) =>
        new(this, new ProviderRegistry([Provider.Object]), observer ?? NullOperationObserver.Instance);

    public async Task<Plan> PlanAsync(Action<StackRoot> build, TargetOptions? targets = null) =>
        (await Operations().PreviewAsync(Program(build), new PreviewOptions(1, Targets: targets), CancellationToken.None)).Plan;

    /// <summary><c>up</c> with approval: plans and executes whatever the outcome.</summary>
    public Task<OperationResult> RunUpAsync(Action<StackRoot> build, int parallel = 1, IOperationObserver? observer = null, CancellationToken cancel = default,
        TargetOptions? targets = null) =>
        Operations(observer).UpAsync(Program(build), new UpOptions(parallel, _ => true, Cancel: cancel, Targets: targets), CancellationToken.None);

    /// <summary><c>up</c> that must succeed; returns its plan.</summary>
    public async Task<Plan> UpAsync(Action<StackRoot> build, int parallel = 1, TargetOptions? targets = null)
    {
        var result = await RunUpAsync(build, parallel, targets: targets);
        var failures = result.Execution?.Failures ?? [];
        Assert.True(result.Outcome == OperationOutcome.Succeeded, string.Join("; ", failures.Select(f => $"{f.Operation}: {f.Error}")));
        return result.Plan;
    }

    public Task<OperationResult> DestroyAsync(int parallel = 1, bool includeRetained = false, TargetOptions? targets = null) =>
        Operations().DestroyAsync(Project, Stack, new DestroyOptions(parallel, _ => true, IncludeRetained: includeRetained, Targets: targets), CancellationToken.None);

    public Task<OperationResult> RefreshAsync(TargetOptions? targets = null) =>
        Operations().RefreshAsync(Project, Stack, new RefreshOptions(1, _ => true, Targets: targets), CancellationToken.None);

    public ResourceState? Find(string name) => State.Resources.FirstOrDefault(r => r.Urn == Urn(name) && !r.Delete);

    public static PlanStep Step(Plan plan, string name) => plan.Steps.Single(s => s.Name == name);

    public static ProgramInput Program(Action<StackRoot> build) => Program(new TestProgram(build));

    public static ProgramInput Program(IStackProgram program) =>
        new(program, new StackContext(Project, Stack, new StackConfig("Pulumi.dev.yaml", new JsonObject()), ".", _ => { }));

    string IStackState.Location => "memory";

    Task<IAsyncDisposable> IStackState.LockAsync(string operation, CancellationToken ct)
    {
        Locks++;
        return Task.FromResult<IAsyncDisposable>(new NoLock());
    }

    Task<StackSnapshot> IStackState.LoadAsync(CancellationToken ct) => Task.FromResult(State);

    /// <summary>What a read without the lock finds, when not <see cref="State"/> (another run saved in between).</summary>
    public StackSnapshot? Peeked { get; set; }

    Task<StackSnapshot> IStackState.PeekAsync(CancellationToken ct) => Task.FromResult(Peeked ?? State);

    Task IStackState.SaveAsync(StackSnapshot snapshot, CancellationToken ct)
    {
        Checkpoints.Enqueue(snapshot);
        State = snapshot;
        return Task.CompletedTask;
    }

    /// <summary>Every history entry the engine wrote: its kind, result, changes and the state it started from.</summary>
    public ConcurrentQueue<(string Kind, string Result, ResourceChanges Changes, StackSnapshot Start)> History { get; } = new();

    Task<IHistoryRecord> IStackState.BeginHistoryAsync(string kind, CancellationToken ct) =>
        Task.FromResult<IHistoryRecord>(new MemoryHistoryRecord(this, kind, State));

    private sealed class MemoryHistoryRecord(EngineHarness harness, string kind, StackSnapshot start) : IHistoryRecord
    {
        public Task EndAsync(string result, ResourceChanges changes, CancellationToken ct)
        {
            harness.History.Enqueue((kind, result, changes, start));
            return Task.CompletedTask;
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
