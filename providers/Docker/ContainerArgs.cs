using Infra.Engine.Model;

namespace Infra.Providers.Docker;

/// <summary>
/// Arguments of <c>docker:Container</c>. Networks, restart policy, memory, CPUs and <see cref="Running"/>
/// change in place; anything else replaces the container (the old one is removed first: names are fixed).
/// </summary>
public sealed record ContainerArgs
{
    /// <summary>A reference or id; use <c>image.ImageId</c> so a new image replaces the container.</summary>
    public required Input<string> Image { get; init; }
    /// <summary>The container name on the host; defaults to the resource name.</summary>
    public string? Name { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>Environment variables; values may be secrets or references.</summary>
    public IReadOnlyDictionary<string, Input<string>>? Env { get; init; }
    public IReadOnlyList<ContainerPort>? Ports { get; init; }
    /// <summary>User-defined networks, first one primary. Aliases are DNS names on that network.</summary>
    public IReadOnlyList<ContainerNetwork>? Networks { get; init; }
    public IReadOnlyList<ContainerMount>? Mounts { get; init; }
    /// <summary>Files written into the container before it starts.</summary>
    public IReadOnlyList<ContainerFile>? Files { get; init; }
    /// <summary>no | always | unless-stopped | on-failure.</summary>
    public string? Restart { get; init; }
    public int? MaxRetryCount { get; init; }
    public ContainerHealthcheck? Healthcheck { get; init; }
    /// <summary>Create/update waits until the healthcheck passes (needs a healthcheck).</summary>
    public bool? WaitHealthy { get; init; }
    public int? WaitTimeoutSeconds { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public long? MemoryBytes { get; init; }
    public double? Cpus { get; init; }
    public IReadOnlyDictionary<string, Input<string>>? Labels { get; init; }
    /// <summary>Run Docker's init as PID 1 so signals reach the program.</summary>
    public bool? Init { get; init; }
    /// <summary>How long a stop waits before killing (default 10 s).</summary>
    public int? StopGraceSeconds { get; init; }
    /// <summary>The container should run; a stopped container shows as a difference that up repairs by starting it.</summary>
    public bool Running { get; init; } = true;
}

/// <summary>A published port. The host address defaults to 127.0.0.1: nothing is exposed to the network unless asked.</summary>
public sealed record ContainerPort
{
    public required int Internal { get; init; }
    /// <summary>The host port; Docker picks one when unset.</summary>
    public int? External { get; init; }
    public string? HostIp { get; init; }
    /// <summary>tcp (default) or udp.</summary>
    public string? Protocol { get; init; }
}

public sealed record ContainerNetwork
{
    public required Input<string> Name { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
}

public sealed record ContainerMount
{
    /// <summary>volume (default), bind or tmpfs.</summary>
    public string? Type { get; init; }
    /// <summary>Volume name or host path; none for tmpfs.</summary>
    public Input<string>? Source { get; init; }
    public required string Target { get; init; }
    public bool? ReadOnly { get; init; }
}

/// <summary>A file uploaded before start. The content may be a secret.</summary>
public sealed record ContainerFile
{
    /// <summary>Absolute path in the container; missing parent directories are created.</summary>
    public required string Path { get; init; }
    public required Input<string> Content { get; init; }
    public int? Uid { get; init; }
    public int? Gid { get; init; }
    /// <summary>Octal permission bits such as "0640"; default "0644".</summary>
    public string? Mode { get; init; }
}

public sealed record ContainerHealthcheck
{
    /// <summary>Docker's form: ["CMD", "prog", "arg"] or ["CMD-SHELL", "command line"].</summary>
    public required IReadOnlyList<string> Test { get; init; }
    public double? IntervalSeconds { get; init; }
    public double? TimeoutSeconds { get; init; }
    public double? StartPeriodSeconds { get; init; }
    public int? Retries { get; init; }
}
