namespace Infra.Providers.Docker.Probing;

/// <summary>
/// A container as the program declares it: host name, networks (host names), the port to probe, whether it has a health
/// check; on a swarm (<see cref="Replicas"/> set) a service, reached by its name on its networks whichever node runs it.
/// </summary>
public sealed record ExpectedContainer(string Name, IReadOnlyList<string> Networks, int? Port, bool HasHealthcheck)
{
    /// <summary>The replicas of a swarm service; null for a container.</summary>
    public int? Replicas { get; init; }
}

/// <summary>Whether a live published port is allowed on a container.</summary>
public delegate bool PortAllowance(string container, LivePort port);

/// <summary>What a live stack should look like: its containers, the image probes run in, which published ports are allowed.</summary>
public sealed record ExpectedStack(IReadOnlyList<ExpectedContainer> Containers, string ProbeImage, PortAllowance AllowsPort);
