using System.Net;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary><c>docker:Network</c>: create, adopt what an interrupted run left, read back what was declared, delete.</summary>
public sealed class NetworkKind : IDockerResourceKind
{
    public const string TypeToken = "docker:Network";
    public string Type => TypeToken;

    public CheckResult Check(CheckRequest request)
    {
        var inputs = DeclaredInputs.WithDefaultName(request.News, request.Urn);
        if (!DeclaredInputs.TryRead<NetworkArgs>(inputs, out var args, out var error)) return new CheckResult(inputs, null, [error]);
        var failures = new List<string>();
        if (!ObjectNames.IsValid(args!.Name)) failures.Add($"network name '{args.Name}' is not a valid Docker name");
        foreach (var subnet in args.Subnets ?? [])
            if (!IPNetwork.TryParse(subnet, out _)) failures.Add($"subnet '{subnet}' is not in CIDR form like 172.30.0.0/24");
        return new CheckResult(inputs, null, failures);
    }

    public DiffResult Diff(DiffRequest request) => ResourceDiff.Compute(request, new HashSet<string>());

    public async Task<CreateResult> CreateAsync(DockerSession session, CreateRequest request, CancellationToken ct)
    {
        var args = DeclaredInputs.Read<NetworkArgs>(request.Inputs);
        var name = args.Name!;
        if (await FindByNameAsync(session.Client, name, ct) is { } existing)
        {
            if (!InfraLabels.IsOwnedBy(existing.Labels, request.Urn))
                throw new DockerOperationException($"network name '{name}' is already taken by a network this stack does not own (id {ObjectNames.Short(existing.ID)}); remove or rename it");
            request.Progress?.Report($"adopting network {name} left by an interrupted run");
            return new CreateResult(await SameNameNetworks.SettleAsync(session.Client, name, request.Urn, request.Progress, ct) ?? existing.ID, []);
        }
        var parameters = new NetworksCreateParameters
        {
            Name = name,
            Driver = args.Driver!,
            Internal = args.Internal ?? false,
            Attachable = args.Attachable ?? false,
            IPAM = args.Subnets is { Count: > 0 } subnets ? new IPAM { Config = subnets.Select(s => new IPAMConfig { Subnet = s }).ToList() } : null!,
            Labels = InfraLabels.For(request.Urn, request.Inputs),
        };
        NetworksCreateResponse created;
        using (await session.Creations.EnterAsync(request.WaitingChain, ct))
            created = await DockerErrors.WrapAsync($"creating network '{name}'", () => session.Client.Networks.CreateNetworkAsync(parameters, ct));
        return new CreateResult(await SameNameNetworks.SettleAsync(session.Client, name, request.Urn, request.Progress, ct) ?? created.ID, []);
    }

    public async Task<ReadResult> ReadAsync(DockerSession session, ReadRequest request, CancellationToken ct)
    {
        var live = (session.Listed.Take<NetworkResponse>(TypeToken, request.Id) is { } listed ? await listed : null)
            ?? await DockerErrors.OrNullWhenMissing(() => session.Client.Networks.InspectNetworkAsync(request.Id, ct));
        if (live is null && request.Inputs["name"]?.GetValue<string>() is { } name
            && await FindByNameAsync(session.Client, name, ct) is { } byName && InfraLabels.IsOwnedBy(byName.Labels, request.Urn))
            live = byName;
        if (live is null) return ReadResult.Gone;

        var declared = request.Inputs;
        var inputs = new JsonObject { ["name"] = live.Name };
        if (declared.ContainsKey("driver")) inputs["driver"] = live.Driver;
        if (declared.ContainsKey("internal")) inputs["internal"] = live.Internal;
        if (declared.ContainsKey("attachable")) inputs["attachable"] = live.Attachable;
        if (declared["subnets"] is JsonArray declaredSubnets)
        {
            var subnets = (live.IPAM?.Config ?? []).Select(c => c.Subnet).Where(s => !string.IsNullOrEmpty(s));
            inputs["subnets"] = new JsonArray(DeclaredOrder.Arrange(subnets, declaredSubnets.Select(s => (string)s!), s => s)
                .Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }
        if (InfraLabels.ReadDeclared(declared, live.Labels) is { } labels) inputs["labels"] = labels;
        return new ReadResult(live.ID, inputs, PropertyDiff.Merge(request.Outputs, inputs));
    }

    public Task<UpdateResult> UpdateAsync(DockerSession session, UpdateRequest request, CancellationToken ct) =>
        Task.FromResult(new UpdateResult([]));

    public async Task DeleteAsync(DockerSession session, DeleteRequest request, CancellationToken ct)
    {
        try
        {
            await session.Client.Networks.DeleteNetworkAsync(request.Id, ct);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e)) { }
        catch (DockerApiException e) when (DockerErrors.MessageOf(e).Contains("active endpoints", StringComparison.Ordinal))
        {
            throw new DockerOperationException($"deleting network '{request.Inputs["name"]}': {await StillAttachedAsync(session.Client, request.Id, ct)}", e);
        }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"deleting network '{request.Inputs["name"]}': {DockerErrors.MessageOf(e)}", e);
        }
        // A create of an interrupted run that landed late is this resource's too: a destroy leaves none behind.
        if (request.Inputs["name"]?.GetValue<string>() is { } name)
            await SameNameNetworks.RemoveOthersAsync(session.Client, name, request.Urn, request.Id, ct);
    }

    /// <summary>Why dockerd refuses to remove a network with "active endpoints", and what to do about it.</summary>
    private static async Task<string> StillAttachedAsync(IDockerClient client, string id, CancellationToken ct)
    {
        var live = await DockerErrors.OrNullWhenMissing(() => client.Networks.InspectNetworkAsync(id, ct));
        var attached = (live?.Containers?.Values ?? []).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).Order(StringComparer.Ordinal).ToList();
        return attached.Count > 0
            ? $"containers this stack does not manage are still attached to it: {string.Join(", ", attached)} (disconnect or remove them, then run the command again)"
            // dockerd's own count of the network's endpoints went wrong (moby/moby#42119); it repairs the count as it starts.
            : "dockerd counts an endpoint on it that no container holds (a stale count, moby/moby#42119); restart dockerd, which repairs the count as it starts, then run the command again";
    }

    private static async Task<NetworkResponse?> FindByNameAsync(IDockerClient client, string name, CancellationToken ct)
    {
        var found = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilters.Name(name) }, ct);
        return found.FirstOrDefault(n => n.Name == name);
    }
}
