using System.Collections.Concurrent;
using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Tests.Support;

/// <summary>
/// Runs the engine in memory, the way <c>infra up</c> does (register → plan → execute with checkpoints),
/// against a <see cref="ProviderMock"/>. The state carries over from one run to the next.
/// </summary>
public sealed class EngineHarness
{
    public const string Project = "proj";
    public const string Stack = "dev";

    public ProviderMock Provider { get; } = new();
    public StackSnapshot State { get; set; } = StackSnapshot.Empty;
    public ConcurrentQueue<StackSnapshot> Checkpoints { get; } = new();

    private ProviderRegistry Registry => new([Provider.Object]);

    public static string Urn(string name, string type = Thing.TypeToken) => Infra.Engine.Model.Urn.Create(Stack, Project, type, name).ToString();

    public static DesiredState Register(Action<StackRoot> build)
    {
        var root = new StackRoot(Project, Stack);
        build(root);
        return ProgramRegistration.Register(root);
    }

    public Task<Plan> PlanAsync(Action<StackRoot> build) => new Planner(Registry).PlanUpdateAsync(Register(build), State);

    public async Task<ExecutionResult> ApplyAsync(Plan plan, int parallel = 1, IDeploymentObserver? observer = null, CancellationToken cancel = default)
    {
        var live = new LiveState(State, [], (snapshot, _) =>
        {
            Checkpoints.Enqueue(snapshot);
            return Task.CompletedTask;
        });
        var result = await new Executor(Registry).ExecuteAsync(plan, live, parallel, observer ?? NullObserver.Instance, cancel);
        State = result.Snapshot;
        return result;
    }

    /// <summary>Plans and applies; fails the test if the run did not succeed.</summary>
    public async Task<Plan> UpAsync(Action<StackRoot> build, int parallel = 1)
    {
        var plan = await PlanAsync(build);
        var result = await ApplyAsync(plan, parallel);
        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => $"{f.Operation}: {f.Error}")));
        return plan;
    }

    public ResourceState? Find(string name) => State.Resources.FirstOrDefault(r => r.Urn == Urn(name) && !r.Delete);

    public static PlanStep Step(Plan plan, string name) => plan.Steps.Single(s => s.Name == name);
}
