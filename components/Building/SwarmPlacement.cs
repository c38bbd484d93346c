using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>
/// How the bricks land on a Docker Swarm instead of one host: a service that mounts a data volume is stateful, runs
/// once and is pinned to the nodes carrying <see cref="StatefulLabel"/> (its local volume stays with it); any other
/// service spreads over the nodes with the replicas the stack config gives it. Only the edge publishes ports: Swarm
/// cannot bind a published port to 127.0.0.1.
/// </summary>
public sealed record SwarmPlacement(NodeLabel StatefulLabel, IReadOnlyDictionary<string, int> Replicas, string EdgeService)
{
    public int ReplicasOf(string service, int fallback = 1) => Replicas.TryGetValue(service, out var n) ? n : fallback;
}
