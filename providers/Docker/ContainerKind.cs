using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary><c>docker:Container</c>: create (networks, files, start, health), read for refresh, update in place, delete.</summary>
public sealed class ContainerKind : IDockerResourceKind
{
    public const string TypeToken = "docker:Container";
    private const int DefaultStopGraceSeconds = 10;

    private static readonly HashSet<string> InPlace =
        ["networks", "restart", "maxRetryCount", "memoryBytes", "cpus", "running", "waitHealthy", "waitTimeoutSeconds", "stopGraceSeconds"];

    public string Type => TypeToken;

    public CheckResult Check(CheckRequest request) => ContainerCheck.Run(request);

    public DiffResult Diff(DiffRequest request)
    {
        var diff = ResourceDiff.Compute(request, InPlace);
        // ContainerUpdate can change a limit but not remove one: dropping it needs a new container.
        var removedLimits = new[] { "memoryBytes", "cpus" }
            .Where(k => diff.ChangedKeys.Contains(k) && request.NewInputs[k] is null);
        return diff with { ReplaceKeys = diff.ReplaceKeys.Concat(removedLimits).Distinct().ToList() };
    }

    public async Task<CreateResult> CreateAsync(DockerSession session, CreateRequest request, CancellationToken ct)
    {
        var client = session.Client;
        var args = DeclaredInputs.Read<ContainerArgs>(request.Inputs);
        var name = args.Name!;
        var labels = InfraLabels.For(request.Urn, request.Inputs);
        if (await AdoptOrRemoveLeftoverAsync(client, name, request.Urn, labels[InfraLabels.SpecHash], request.Progress, ct) is { } adopted)
        {
            if (args.Running) await InitializedOrRecordedAsync(adopted, () => WaitHealthyAsync(client, adopted, args, request.Progress, ct));
            return new CreateResult(adopted, []);
        }

        var networkIds = await SameNameNetworks.ResolveAsync(client, (args.Networks ?? []).Select(n => n.Name.Value), request.Progress, ct);
        var parameters = ContainerCreation.Parameters(args, labels, session.CreatesOnSeveralNetworks, session.HasHealthStartInterval, networkIds);
        var turn = await session.Creations.EnterAsync(request.WaitingChain, ct);
        try
        {
            var created = await DockerErrors.WrapAsync($"creating container '{name}'", () => client.Containers.CreateContainerAsync(parameters, ct));
            await InitializedOrRecordedAsync(created.ID, async () =>
            {
                if (!session.CreatesOnSeveralNetworks)
                    foreach (var network in (args.Networks ?? []).Skip(1))
                        await ContainerNetworks.ConnectAsync(client, created.ID, network, networkIds, ct);
                await ContainerFiles.UploadAsync(client, created.ID, args.Files ?? [], ct);
                if (!args.Running) return;
                await StartOnlyAsync(client, created.ID, args, ct);
                // The wait for health is the container's own work: the next creation may go to the daemon.
                turn.Dispose();
                await WaitHealthyAsync(client, created.ID, args, request.Progress, ct);
            });
            return new CreateResult(created.ID, []);
        }
        finally { turn.Dispose(); }
    }

    /// <summary>
    /// The container exists from here on: a failure to connect, upload, start or become healthy is reported with its
    /// id, so the engine records it (Pulumi's initErrors) instead of leaving a container the state does not know.
    /// </summary>
    private static async Task InitializedOrRecordedAsync(string id, Func<Task> initialize)
    {
        try { await initialize(); }
        catch (ProviderException e) when (!e.OutcomeUnknown && e is not ResourceInitFailedException)
        {
            throw new ResourceInitFailedException(id, [], e.Message, e);
        }
    }

    /// <summary>
    /// A container with this name that carries this resource's URN was left by a run that died before
    /// recording it. Running with the declared spec, it got past every step of a create (networks, files,
    /// start) and is adopted: killing it could cut short its first start (Postgres's initdb on a new volume).
    /// Otherwise it is removed. Anything else with the name is not ours and is never touched.
    /// </summary>
    /// <returns>The id of the adopted container, or null when a new one is to be created.</returns>
    private static async Task<string?> AdoptOrRemoveLeftoverAsync(IDockerClient client, string name, string urn, string specHash,
        IProgress<string>? progress, CancellationToken ct)
    {
        var existing = await DockerErrors.OrNullWhenMissing(() => client.Containers.InspectContainerAsync(name, ct));
        if (existing is null || existing.Name.TrimStart('/') != name) return null;
        if (!InfraLabels.IsOwnedBy(existing.Config?.Labels, urn))
            throw new DockerOperationException($"container name '{name}' is already taken by a container this stack does not own (id {ObjectNames.Short(existing.ID)}); remove or rename it");
        if (existing.State is { Running: true } && existing.Config?.Labels?.TryGetValue(InfraLabels.SpecHash, out var hash) == true && hash == specHash)
        {
            progress?.Report($"adopting container {name} left running by an interrupted run");
            return existing.ID;
        }
        progress?.Report($"removing container {name} left by an interrupted run");
        await DockerErrors.WrapAsync($"removing leftover container '{name}'", () =>
            client.Containers.RemoveContainerAsync(existing.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct));
        return null;
    }

    private static async Task StartAsync(IDockerClient client, string id, ContainerArgs args, IProgress<string>? progress, CancellationToken ct)
    {
        await StartOnlyAsync(client, id, args, ct);
        await WaitHealthyAsync(client, id, args, progress, ct);
    }

    private static Task StartOnlyAsync(IDockerClient client, string id, ContainerArgs args, CancellationToken ct) =>
        DockerErrors.WrapAsync($"starting container '{args.Name}'", () => client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct));

    private static async Task WaitHealthyAsync(IDockerClient client, string id, ContainerArgs args, IProgress<string>? progress, CancellationToken ct)
    {
        if (args.WaitHealthy == true)
            await HealthWait.UntilHealthyAsync(client, id, args.Name!, args.Healthcheck, args.WaitTimeoutSeconds ?? HealthWait.DefaultTimeoutSeconds, progress, ct);
    }

    public async Task<ReadResult> ReadAsync(DockerSession session, ReadRequest request, CancellationToken ct)
    {
        var live = await FindAsync(session.Client, request.Id, request.Inputs, request.Urn, ct);
        if (live is null) return ReadResult.Gone;
        var inputs = ContainerRead.Inputs(live, request.Inputs);
        return new ReadResult(live.ID, inputs, PropertyDiff.Merge(request.Outputs, inputs));
    }

    /// <summary>By id; failing that, a container with the declared name that carries this URN (recreated by hand, say).</summary>
    private static async Task<ContainerInspectResponse?> FindAsync(IDockerClient client, string id, JsonObject inputs, string urn, CancellationToken ct)
    {
        var live = await DockerErrors.OrNullWhenMissing(() => client.Containers.InspectContainerAsync(id, ct));
        if (live is not null || inputs["name"]?.GetValue<string>() is not { } name) return live;
        var byName = await DockerErrors.OrNullWhenMissing(() => client.Containers.InspectContainerAsync(name, ct));
        return byName is not null && InfraLabels.IsOwnedBy(byName.Config?.Labels, urn) ? byName : null;
    }

    public async Task<UpdateResult> UpdateAsync(DockerSession session, UpdateRequest request, CancellationToken ct)
    {
        var client = session.Client;
        var args = DeclaredInputs.Read<ContainerArgs>(request.NewInputs);
        var live = await FindAsync(client, request.Id, request.OldInputs, request.Urn, ct)
            ?? throw new DockerOperationException($"container '{args.Name}' no longer exists; run refresh, then up");
        var changed = request.ChangedKeys.ToHashSet();
        if (changed.Contains("networks")) await ContainerNetworks.ReconcileAsync(client, live, args.Networks, request.Progress, ct);
        if (changed.Overlaps(["restart", "maxRetryCount", "memoryBytes", "cpus"]))
            await DockerErrors.WrapAsync($"updating container '{args.Name}'", () => client.Containers.UpdateContainerAsync(live.ID, Limits(args), ct));
        var running = live.State is { } state && (state.Running || state.Restarting);
        if (args.Running && !running) await StartAsync(client, live.ID, args, request.Progress, ct);
        else if (!args.Running && running) await StopAsync(client, live.ID, args.StopGraceSeconds, ct);
        else if (args.Running && changed.Contains("waitHealthy")) await WaitHealthyAsync(client, live.ID, args, request.Progress, ct);
        return new UpdateResult([]);
    }

    private static ContainerUpdateParameters Limits(ContainerArgs args) => new()
    {
        RestartPolicy = ContainerCreation.RestartPolicy(args.Restart, args.MaxRetryCount),
        Memory = args.MemoryBytes ?? 0,
        // Docker's own default swap is twice the memory; an unchanged old swap limit below the new memory is refused.
        MemorySwap = args.MemoryBytes is { } m ? 2 * m : 0,
        NanoCPUs = ContainerCreation.NanoCpus(args.Cpus),
    };

    private static Task StopAsync(IDockerClient client, string id, int? graceSeconds, CancellationToken ct) =>
        DockerErrors.WrapAsync($"stopping container {ObjectNames.Short(id)}", () => client.Containers.StopContainerAsync(id,
            new ContainerStopParameters { WaitBeforeKillSeconds = (uint)(graceSeconds ?? DefaultStopGraceSeconds) }, ct));

    public async Task DeleteAsync(DockerSession session, DeleteRequest request, CancellationToken ct)
    {
        try
        {
            await StopWithinGraceAsync(session, request, ct);
            // RemoveVolumes: the anonymous volumes of the image's VOLUMEs the program did not mount (eclipse-mosquitto's
            // /mosquitto/log) would otherwise pile up on every replace and destroy. Named volumes are never removed by it.
            await session.Client.Containers.RemoveContainerAsync(request.Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e)) { }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"deleting container '{request.Inputs["name"]}': {DockerErrors.MessageOf(e)}", e);
        }
    }

    /// <summary>
    /// The first half of a delete alone. A stop dockerd is still doing for a killed run is joined: a second stop
    /// returns when the container has exited, so whatever reads it next sees where that stop ends.
    /// </summary>
    public static async Task StopAsync(DockerSession session, DeleteRequest request, CancellationToken ct)
    {
        try { await StopWithinGraceAsync(session, request, ct); }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e)) { }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"stopping container '{request.Inputs["name"]}': {DockerErrors.MessageOf(e)}", e);
        }
    }

    private static Task StopWithinGraceAsync(DockerSession session, DeleteRequest request, CancellationToken ct) =>
        session.Client.Containers.StopContainerAsync(request.Id, new ContainerStopParameters
        {
            WaitBeforeKillSeconds = (uint)(request.Inputs["stopGraceSeconds"]?.GetValue<int>() ?? DefaultStopGraceSeconds),
        }, ct);
}
