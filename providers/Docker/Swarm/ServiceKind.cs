using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary><c>docker:Service</c>: a Swarm service with its configs and secrets; create and update wait for its replicas.</summary>
public sealed class ServiceKind : IDockerResourceKind
{
    public const string TypeToken = "docker:Service";
    public const int DefaultTimeoutSeconds = 300;

    public string Type => TypeToken;

    public CheckResult Check(CheckRequest request) => ServiceCheck.Run(request);

    /// <summary>Everything but the name rolls the service in place.</summary>
    public DiffResult Diff(DiffRequest request)
    {
        var changed = PropertyDiff.ChangedKeys(request.OldInputs, request.NewInputs);
        return new DiffResult(changed, changed.Where(k => k == "name").ToList(), DeleteBeforeReplace: true);
    }

    public async Task<CreateResult> CreateAsync(DockerSession session, CreateRequest request, CancellationToken ct)
    {
        var client = session.Client;
        var args = DeclaredInputs.Read<ServiceArgs>(request.Inputs);
        var name = args.Name!;
        var labels = InfraLabels.For(request.Urn, request.Inputs);
        var existing = await FindByNameAsync(client, name, ct);
        if (existing is not null && !InfraLabels.IsOwnedBy(existing.Spec!.Labels, request.Urn))
            throw new DockerOperationException($"service name '{name}' is already taken by a service this stack does not own (id {ObjectNames.Short(existing.ID)}); remove or rename it");
        var spec = await SpecAsync(client, args, request.Inputs, labels, request.Urn, ct);
        string id;
        if (existing is not null)
        {
            request.Progress?.Report($"adopting service {name} left by an interrupted run");
            id = existing.ID!;
            await DockerErrors.WrapAsync($"updating service '{name}'", () => client.Swarm.UpdateServiceAsync(id,
                new ServiceUpdateParameters { Service = spec, Version = (long)existing.Version!.Index!.Value }, ct));
        }
        else
            id = (await DockerErrors.WrapAsync($"creating service '{name}'", () => client.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec }, ct))).ID!;
        try
        {
            await ServiceReadiness.UntilRunningAsync(client, id, name, labels[InfraLabels.SpecHash], args.Replicas,
                args.WaitTimeoutSeconds ?? DefaultTimeoutSeconds, request.Progress, ct);
        }
        catch (ProviderException e) when (!e.OutcomeUnknown)
        {
            throw new ResourceInitFailedException(id, [], e.Message, e);
        }
        return new CreateResult(id, []);
    }

    public async Task<UpdateResult> UpdateAsync(DockerSession session, UpdateRequest request, CancellationToken ct)
    {
        var client = session.Client;
        var args = DeclaredInputs.Read<ServiceArgs>(request.NewInputs);
        var live = await FindAsync(client, request.Id, request.OldInputs, request.Urn, ct)
            ?? throw new DockerOperationException($"service '{args.Name}' no longer exists; run refresh, then up");
        var labels = InfraLabels.For(request.Urn, request.NewInputs);
        var spec = await SpecAsync(client, args, request.NewInputs, labels, request.Urn, ct);
        await DockerErrors.WrapAsync($"updating service '{args.Name}'", () => client.Swarm.UpdateServiceAsync(live.ID!,
            new ServiceUpdateParameters { Service = spec, Version = (long)live.Version!.Index!.Value }, ct));
        await ServiceReadiness.UntilRunningAsync(client, live.ID, args.Name!, labels[InfraLabels.SpecHash], args.Replicas,
            args.WaitTimeoutSeconds ?? DefaultTimeoutSeconds, request.Progress, ct);
        await SwarmObjectStore.RemoveUnusedAsync(client, request.Urn, Names(spec), ct);
        return new UpdateResult([]);
    }

    public async Task<ReadResult> ReadAsync(DockerSession session, ReadRequest request, CancellationToken ct)
    {
        var live = await FindAsync(session.Client, request.Id, request.Inputs, request.Urn, ct);
        if (live is null) return ReadResult.Gone;
        var inputs = ServiceRead.Inputs(live.Spec!, request.Inputs);
        return new ReadResult(live.ID!, inputs, PropertyDiff.Merge(request.Outputs, inputs));
    }

    public async Task DeleteAsync(DockerSession session, DeleteRequest request, CancellationToken ct)
    {
        var client = session.Client;
        var live = await FindAsync(client, request.Id, request.Inputs, request.Urn, ct);
        if (live is not null)
        {
            await DockerErrors.WrapAsync($"removing service '{live.Spec!.Name}'", () => client.Swarm.RemoveServiceAsync(live.ID!, ct));
            await DockerErrors.WrapAsync($"waiting for the tasks of service '{live.Spec.Name}' to stop", () => ServiceReadiness.UntilGoneAsync(client, live.ID!, ct));
        }
        await DockerErrors.WrapAsync("removing the service's configs and secrets", () => SwarmObjectStore.RemoveUnusedAsync(client, request.Urn, new HashSet<string>(), ct));
    }

    private static async Task<ServiceSpec> SpecAsync(IDockerClient client, ServiceArgs args, JsonObject declared, IDictionary<string, string> labels,
        string urn, CancellationToken ct)
    {
        var objects = await SwarmObjectStore.EnsureAsync(client, ServiceObjects.For(args.Name!, args, declared), urn, ct);
        var program = ServiceObjects.SecretEnvNames(declared).Count > 0 && (args.Entrypoint is null || args.Command is null)
            ? await ProgramAsync(client, args.Image, ct)
            : null;
        return ServiceSpecs.Build(args, declared, labels, objects, program);
    }

    /// <summary>The image's entrypoint and command, read on the manager (every node is given the same image).</summary>
    private static async Task<ImageProgram> ProgramAsync(IDockerClient client, string image, CancellationToken ct)
    {
        var inspected = await DockerErrors.OrNullWhenMissing(() => client.Images.InspectImageAsync(image, ct))
            ?? throw new DockerOperationException($"image '{image}' is not on the swarm manager: its entrypoint is needed to read secrets from files; load it on every node");
        return new ImageProgram(inspected.Config?.Entrypoint?.ToList() ?? [], inspected.Config?.Cmd?.ToList() ?? []);
    }

    private static HashSet<string> Names(ServiceSpec spec) =>
        (spec.TaskTemplate!.ContainerSpec!.Secrets ?? []).Select(s => s.SecretName!)
            .Concat((spec.TaskTemplate.ContainerSpec.Configs ?? []).Select(c => c.ConfigName!)).ToHashSet(StringComparer.Ordinal);

    private static async Task<SwarmService?> FindAsync(IDockerClient client, string id, JsonObject inputs, string urn, CancellationToken ct)
    {
        var live = await DockerErrors.OrNullWhenMissing(() => client.Swarm.InspectServiceAsync(id, ct));
        if (live is not null || inputs["name"]?.GetValue<string>() is not { } name) return live;
        var byName = await FindByNameAsync(client, name, ct);
        return byName is not null && InfraLabels.IsOwnedBy(byName.Spec!.Labels, urn) ? byName : null;
    }

    private static async Task<SwarmService?> FindByNameAsync(IDockerClient client, string name, CancellationToken ct)
    {
        var found = await DockerErrors.OrNullWhenMissing(() => client.Swarm.InspectServiceAsync(name, ct));
        return found is not null && found.Spec?.Name == name ? found : null;
    }
}
