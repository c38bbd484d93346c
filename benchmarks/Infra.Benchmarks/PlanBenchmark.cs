using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Benchmarks;

/// <summary>
/// Plans <see cref="Resources"/> resources (1% network-like roots, the rest dependents referring to them) against
/// a provider that answers at once (the planner's own cost, not a mock's): from an empty state (all creates) and from a state where everything is up to date (all same).
/// Goal: 10,000 in ≤ 1 s and ≤ 200 MB allocated.
///   dotnet run -c Release --project benchmarks/Infra.Benchmarks -- --filter '*PlanBenchmark*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class PlanBenchmark
{
    [Params(1_000, 10_000)]
    public int Resources { get; set; }

    private StackRoot _root = null!;
    private ProviderRegistry _providers = null!;
    private StackSnapshot _deployed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _providers = new ProviderRegistry([new PlanOnlyProvider()]);
        _root = BuildProgram();
        var desired = ProgramRegistration.Register(_root);
        _deployed = new StackSnapshot(desired.Resources.Select(d =>
        {
            var inputs = (JsonObject)Infra.Engine.Properties.Reference.Resolve(d.Inputs, (urn, key) => JsonValue.Create(Infra.Engine.Model.Urn.Parse(urn).Name))!;
            return new ResourceState
            {
                Urn = d.Urn, Type = d.Type, Custom = d.Custom, Id = d.Name, Parent = d.Parent,
                Inputs = inputs, Outputs = (JsonObject)inputs.DeepClone(), Dependencies = d.Dependencies,
            };
        }).ToList(), []);
    }

    private StackRoot BuildProgram()
    {
        var root = new StackRoot("bench", "b");
        var roots = Resources / 100;
        var networks = Enumerable.Range(0, roots).Select(i => new Thing($"net-{i}", new ThingArgs { Name = $"net-{i}" }, root)).ToList();
        for (var i = 0; i < Resources - roots; i++)
            new Thing($"svc-{i}", new ThingArgs
            {
                Name = $"svc-{i}",
                Network = networks[i % roots].Output<string>("name"),
                Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = $"value-{i}" },
                Ports = [8000 + i % 100, 9000],
            }, root);
        return root;
    }

    [Benchmark]
    public async Task<int> PlanFromEmptyState()
    {
        var plan = await new Planner(_providers).PlanUpdateAsync(ProgramRegistration.Register(_root), StackSnapshot.Empty);
        return plan.Steps.Count;
    }

    [Benchmark]
    public async Task<int> PlanNoChanges()
    {
        var plan = await new Planner(_providers).PlanUpdateAsync(ProgramRegistration.Register(_root), _deployed);
        return plan.HasChanges ? -1 : plan.Steps.Count;
    }
}

/// <summary>In this process (no generated project to build, which the shared machine's load can time out), 2 warm-ups, 5 measured runs.</summary>
public sealed class InProcessShortRun : ManualConfig
{
    public InProcessShortRun() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5));
}

/// <summary>Inputs are valid as given and never differ: what is left to measure is the planner.</summary>
public sealed class PlanOnlyProvider : IProvider
{
    public string Package => "bench";

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken) => Task.FromResult(new CheckResult(request.News));

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken) => Task.FromResult(DiffResult.None);

    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}

public sealed record ThingArgs
{
    public required string Name { get; init; }
    public Input<string>? Network { get; init; }
    public Dictionary<string, string>? Env { get; init; }
    public int[]? Ports { get; init; }
}

public sealed class Thing(string name, ThingArgs args, ComponentResource parent)
    : CustomResource<ThingArgs>("bench:Thing", name, args, parent, null);
