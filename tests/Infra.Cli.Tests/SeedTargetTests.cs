using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Infra.Cli.Composition;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>
/// Targeted runs against the seed stack's real resource types: recreating one wedged container with
/// <c>--target-replace</c> is a delete-first replacement (the Docker provider's Diff says so: fixed names) that
/// touches nothing else. The real providers plan; creating, updating and deleting is faked, so no host is needed.
/// </summary>
public sealed class SeedTargetTests : IAsyncLifetime
{
    private readonly EngineHarness _state = new();
    private readonly ConcurrentQueue<string> _mutations = new();
    private ProviderSet _providers = null!;
    private ProgramInput _program = null!;

    private static string Container(string brick, string name) => $"urn:infra:golden::selfhosted::infra:bricks:{brick}$docker:Container::{name}";

    public async Task InitializeAsync()
    {
        var config = new JsonObject { ["infra:groqApiKey"] = Secret.Wrap(JsonValue.Create("gsk_golden-key")) };
        var context = new StackContext("selfhosted", "golden", new StackConfig("Pulumi.golden.yaml", config), RepoRoot(), _ => { });
        var composition = SeedComposition.Create();
        _program = new ProgramInput(composition.Program, context);
        _providers = composition.CreateProviders(context);
        Assert.Equal(OperationOutcome.Succeeded, (await Up(null)).Outcome);
        _mutations.Clear();
    }

    public async Task DisposeAsync()
    {
        if (_providers.Docker is { } docker) await docker.DisposeAsync();
    }

    private Task<OperationResult> Up(TargetOptions? targets)
    {
        var referenced = ReferencedKeys(ProgramRegistration.Register(_program.Program.Build(_program.Context)));
        var providers = new ProviderRegistry(_providers.Providers.Select(p => (IProvider)new HostlessProvider(p, referenced, _mutations)).ToList());
        return new StackOperations(_state, providers, NullOperationObserver.Instance)
            .UpAsync(_program, new UpOptions(4, _ => true, Targets: targets), CancellationToken.None);
    }

    [Fact]
    public async Task Target_replace_of_a_container_deletes_it_first_and_touches_nothing_else()
    {
        var grafana = Container("Monitoring", "grafana");
        // Every entry but the container's, and the stack's (its outputs are recorded again by every up), stays as it was.
        var before = _state.State.Resources.Where(r => r.Urn != grafana && r.Type != StackRoot.TypeToken).ToList();

        var result = await Up(TargetOptions.Target(grafana) with { Replace = UrnPattern.All([grafana]) });

        Assert.Equal(OperationOutcome.Succeeded, result.Outcome);
        var step = Assert.Single(result.Plan.Steps, s => s.Op != StepOp.Same);
        Assert.Equal(grafana, step.Urn);
        Assert.Equal(StepOp.Replace, step.Op);
        Assert.True(step.DeleteBeforeReplace);
        Assert.Equal(["delete:grafana", "create:grafana"], _mutations);
        Assert.All(before, r => Assert.Contains(_state.State.Resources, now => ReferenceEquals(now, r)));
    }

    [Fact]
    public async Task Target_replace_of_postgres_is_refused_while_n8n_which_runs_after_it_is_not_targeted()
    {
        var postgres = Container("DataBackbone", "postgres");
        var before = _state.State;

        var e = await Assert.ThrowsAsync<PlanException>(() => Up(TargetOptions.Target(postgres) with { Replace = UrnPattern.All([postgres]) }));

        Assert.Contains(Container("TenantStack", "n8n"), e.Message);
        Assert.Contains("--target-dependents", e.Message);
        Assert.Empty(_mutations);
        Assert.Same(before, _state.State);

        var result = await Up(TargetOptions.Target(postgres) with { Replace = UrnPattern.All([postgres]), TargetDependents = true });

        Assert.Equal(OperationOutcome.Succeeded, result.Outcome);
        Assert.Equal(["delete:n8n-worker-1", "delete:n8n", "delete:postgres", "create:postgres", "create:n8n", "create:n8n-worker-1"], _mutations);
    }

    /// <summary>Every output key some resource's inputs refer to, by the URN of the resource that has it.</summary>
    private static IReadOnlyDictionary<string, HashSet<string>> ReferencedKeys(DesiredState desired)
    {
        var keys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            if (Reference.IsOutput(node, out var urn, out var key)) (keys.TryGetValue(urn, out var set) ? set : keys[urn] = []).Add(key);
            else if (node is JsonObject o) foreach (var (_, v) in o) Walk(v);
            else if (node is JsonArray a) foreach (var v in a) Walk(v);
        }
        foreach (var d in desired.Resources) Walk(d.Inputs);
        return keys;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A real provider's Check and Diff; Create, Update and Delete only recorded, with the outputs others refer to made up.</summary>
    private sealed class HostlessProvider(IProvider real, IReadOnlyDictionary<string, HashSet<string>> referenced, ConcurrentQueue<string> mutations) : IProvider
    {
        public string Package => real.Package;

        public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken) => real.CheckAsync(request, cancellationToken);

        public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken) => real.DiffAsync(request, cancellationToken);

        public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
        {
            mutations.Enqueue($"create:{Urn.Parse(request.Urn).Name}");
            return Task.FromResult(new CreateResult(Urn.Parse(request.Urn).Name, Outputs(request.Urn, request.PlannedOutputs)));
        }

        public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
        {
            mutations.Enqueue($"update:{Urn.Parse(request.Urn).Name}");
            return Task.FromResult(new UpdateResult(Outputs(request.Urn, request.OldOutputs)));
        }

        public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken)
        {
            mutations.Enqueue($"delete:{Urn.Parse(request.Urn).Name}");
            return Task.CompletedTask;
        }

        public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ReadResult(request.Id, request.Inputs, request.Outputs));

        private JsonObject Outputs(string urn, JsonObject? known)
        {
            var outputs = (JsonObject?)known?.DeepClone() ?? [];
            foreach (var key in referenced.GetValueOrDefault(urn) ?? [])
                if (outputs[key] is null || Unknown.Is(outputs[key])) outputs[key] = $"{Urn.Parse(urn).Name}-{key}";
            return outputs;
        }
    }
}
