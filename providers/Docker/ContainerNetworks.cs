using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>Connects and disconnects a container's networks in place (aliases included).</summary>
public static class ContainerNetworks
{
    private const string DefaultNetwork = "bridge";

    /// <param name="networkIds">The id to attach each network by (<see cref="SameNameNetworks.ResolveAsync"/>).</param>
    public static Task ConnectAsync(IDockerClient client, string containerId, ContainerNetwork network, IReadOnlyDictionary<string, string> networkIds, CancellationToken ct) =>
        DockerErrors.WrapAsync($"connecting container {ObjectNames.Short(containerId)} to network '{network.Name.Value}'", () =>
            client.Networks.ConnectNetworkAsync(networkIds.GetValueOrDefault(network.Name.Value) ?? network.Name.Value,
                new NetworkConnectParameters { Container = containerId, EndpointConfig = ContainerCreation.Endpoint(network) }, ct));

    /// <summary>Makes the live memberships match the declared ones; a network whose aliases differ is reconnected.</summary>
    public static async Task ReconcileAsync(IDockerClient client, ContainerInspectResponse live, IReadOnlyList<ContainerNetwork>? declared,
        IProgress<string>? progress, CancellationToken ct)
    {
        var desired = (declared is { Count: > 0 } ? declared : [new ContainerNetwork { Name = DefaultNetwork }])
            .ToDictionary(n => n.Name.Value, StringComparer.Ordinal);
        var ids = await SameNameNetworks.ResolveAsync(client, desired.Keys, progress, ct);
        var current = live.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
        foreach (var (name, endpoint) in current)
        {
            if (desired.TryGetValue(name, out var want) && SameAliases(UserAliases(endpoint.Aliases, live), want.Aliases)) continue;
            await DockerErrors.WrapAsync($"disconnecting container '{live.Name.TrimStart('/')}' from network '{name}'", () =>
                client.Networks.DisconnectNetworkAsync(string.IsNullOrEmpty(endpoint.NetworkID) ? name : endpoint.NetworkID,
                    new NetworkDisconnectParameters { Container = live.ID, Force = true }, ct));
        }
        foreach (var (name, want) in desired)
        {
            if (current.TryGetValue(name, out var endpoint) && SameAliases(UserAliases(endpoint.Aliases, live), want.Aliases)) continue;
            await ConnectAsync(client, live.ID, want, ids, ct);
        }
    }

    /// <summary>Docker adds the short id (and on new engines the name) as aliases; those were never declared.</summary>
    public static List<string> UserAliases(IList<string>? aliases, ContainerInspectResponse live)
    {
        var name = live.Name.TrimStart('/');
        return (aliases ?? []).Where(a => !live.ID.StartsWith(a, StringComparison.Ordinal) && a != name).Distinct().ToList();
    }

    private static bool SameAliases(IReadOnlyList<string> live, IReadOnlyList<string>? declared) =>
        live.ToHashSet(StringComparer.Ordinal).SetEquals(declared ?? []);
}
