using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary><c>docker:Volume</c>: create, adopt what an interrupted run (or a retained delete) left, read back, delete.</summary>
public sealed class VolumeKind : IDockerResourceKind
{
    public const string TypeToken = "docker:Volume";
    public string Type => TypeToken;

    public CheckResult Check(CheckRequest request)
    {
        var inputs = DeclaredInputs.WithDefaultName(request.News, request.Urn);
        if (!DeclaredInputs.TryRead<VolumeArgs>(inputs, out var args, out var error)) return new CheckResult(inputs, null, [error]);
        return ObjectNames.IsValid(args!.Name)
            ? new CheckResult(inputs)
            : new CheckResult(inputs, null, [$"volume name '{args.Name}' is not a valid Docker name"]);
    }

    public DiffResult Diff(DiffRequest request) => ResourceDiff.Compute(request, new HashSet<string>());

    public async Task<CreateResult> CreateAsync(DockerSession session, CreateRequest request, CancellationToken ct)
    {
        var args = DeclaredInputs.Read<VolumeArgs>(request.Inputs);
        var name = args.Name!;
        if (await DockerErrors.OrNullWhenMissing(() => session.Client.Volumes.InspectAsync(name, ct)) is { } existing)
        {
            if (!InfraLabels.IsOwnedBy(existing.Labels, request.Urn))
                throw new DockerOperationException($"volume name '{name}' is already taken by a volume this stack does not own; remove or rename it");
            request.Progress?.Report($"adopting existing volume {name}");
            return new CreateResult(existing.Name, []);
        }
        var created = await DockerErrors.WrapAsync($"creating volume '{name}'", () => session.Client.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = name,
            Driver = args.Driver!,
            DriverOpts = args.DriverOpts?.ToDictionary()!,
            Labels = InfraLabels.For(request.Urn, request.Inputs),
        }, ct));
        return new CreateResult(created.Name, []);
    }

    public async Task<ReadResult> ReadAsync(DockerSession session, ReadRequest request, CancellationToken ct)
    {
        var live = (session.Listed.Take<VolumeResponse>(TypeToken, request.Id) is { } listed ? await listed : null)
            ?? await DockerErrors.OrNullWhenMissing(() => session.Client.Volumes.InspectAsync(request.Id, ct));
        if (live is null) return ReadResult.Gone;
        var declared = request.Inputs;
        var inputs = new JsonObject { ["name"] = live.Name };
        if (declared.ContainsKey("driver")) inputs["driver"] = live.Driver;
        if (declared["driverOpts"] is JsonObject opts)
        {
            var read = new JsonObject();
            foreach (var (key, _) in opts)
                if (live.Options?.TryGetValue(key, out var value) == true) read[key] = value;
            inputs["driverOpts"] = read;
        }
        if (InfraLabels.ReadDeclared(declared, live.Labels) is { } labels) inputs["labels"] = labels;
        return new ReadResult(live.Name, inputs, PropertyDiff.Merge(request.Outputs, inputs));
    }

    public Task<UpdateResult> UpdateAsync(DockerSession session, UpdateRequest request, CancellationToken ct) =>
        Task.FromResult(new UpdateResult([]));

    public async Task DeleteAsync(DockerSession session, DeleteRequest request, CancellationToken ct)
    {
        try
        {
            await session.Client.Volumes.RemoveAsync(request.Id, false, ct);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e)) { }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"deleting volume '{request.Id}': {DockerErrors.MessageOf(e)}", e);
        }
    }
}
