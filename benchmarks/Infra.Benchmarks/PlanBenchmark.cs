using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Moq;

namespace Infra.Benchmarks;

/// <summary>
/// Plans 1000 resources (10 networks-like roots, 990 dependents referring to them) against a Moq provider:
/// from an empty state (all creates) and from a state where everything is up to date (all same).
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmark
{
    private StackRoot _root = null!;
    private ProviderRegistry _providers = null!;
    private StackSnapshot _deployed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var provider = new Mock<IProvider>();
        provider.SetupGet(p => p.Package).Returns("bench");
        provider.Setup(p => p.CheckAsync(It.IsAny<CheckRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CheckRequest r, CancellationToken _) => new CheckResult(r.News));
        provider.Setup(p => p.DiffAsync(It.IsAny<DiffRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(DiffResult.None);
        _providers = new ProviderRegistry([provider.Object]);
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

    private static StackRoot BuildProgram()
    {
        var root = new StackRoot("bench", "b");
        var networks = Enumerable.Range(0, 10).Select(i => new Thing($"net-{i}", new ThingArgs { Name = $"net-{i}" }, root)).ToList();
        for (var i = 0; i < 990; i++)
            new Thing($"svc-{i}", new ThingArgs
            {
                Name = $"svc-{i}",
                Network = networks[i % 10].Output<string>("name"),
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

public sealed record ThingArgs
{
    public required string Name { get; init; }
    public Input<string>? Network { get; init; }
    public Dictionary<string, string>? Env { get; init; }
    public int[]? Ports { get; init; }
}

public sealed class Thing(string name, ThingArgs args, ComponentResource parent)
    : CustomResource<ThingArgs>("bench:Thing", name, args, parent, null);
