namespace Infra.Providers.Docker.Probing;

/// <summary>A container as the engine reports it now, for verification.</summary>
public sealed record LiveContainer(
    string Name,
    bool Exists,
    bool Running,
    string? Health,
    string? LastHealthOutput,
    IReadOnlyDictionary<string, string> NetworkIps,
    IReadOnlyList<LivePort> Ports)
{
    /// <summary>Docker's first health check had not run yet; the container's health command passed when verify ran it.</summary>
    public bool HealthProvenByExec { get; init; }
}

/// <summary>A published port: host address and port → container port.</summary>
public sealed record LivePort(string HostIp, int HostPort, int ContainerPort, string Protocol);
