using Docker.DotNet;
using Infra.Providers.Ssh;

namespace Infra.Providers.Docker;

/// <summary>
/// An open client with its negotiated API version, the SSH connection under it when the host is ssh://, and
/// what asks whether the daemon still answers after a call failed.
/// </summary>
public sealed record DockerSession(DockerClient Client, Version ApiVersion, string EngineVersion, string Host, SshConnection? Ssh,
    DaemonLiveness Liveness)
{
    /// <summary>From API 1.44 (Engine 25) a container can be created on several networks at once.</summary>
    public bool CreatesOnSeveralNetworks => ApiVersion >= new Version(1, 44);

    /// <summary>From API 1.44 (Engine 25) a health check can run more often during its start period (start_interval).</summary>
    public bool HasHealthStartInterval => ApiVersion >= new Version(1, 44);

    /// <summary>A refresh's reads fetched by listing (<see cref="DockerConnection.Listed"/>).</summary>
    public required ListedReads Listed { get; init; }

    /// <summary>The order this run's network and container creations reach the daemon in.</summary>
    public LongestChainFirst Creations { get; } = new();
}
