using Infra.Engine.Model;

namespace Infra.Providers.Docker;

/// <summary>
/// Arguments of <c>docker:Service</c>, a Docker Swarm service. Every argument but the name changes in place (a rolling
/// update). Secret values never reach the service spec: each secret <see cref="Env"/> value becomes a Docker secret
/// read through <c>NAME_FILE</c>, and a file with secret content becomes a Docker secret rather than a config.
/// </summary>
public sealed record ServiceArgs
{
    /// <summary>An image reference every node resolves (a swarm node cannot be given an image id to run).</summary>
    public required string Image { get; init; }
    /// <summary>The image's id where the manager knows it: a rebuilt image under the same reference rolls the service.</summary>
    public Input<string>? ImageId { get; init; }
    /// <summary>The service name; defaults to the resource name. It is also the service's DNS name on its networks.</summary>
    public string? Name { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyDictionary<string, Input<string>>? Env { get; init; }
    /// <summary>Overlay networks; aliases are extra DNS names on that network.</summary>
    public IReadOnlyList<ContainerNetwork>? Networks { get; init; }
    /// <summary>Volume mounts are created on the node that runs the task: pin the service to keep its data.</summary>
    public IReadOnlyList<ContainerMount>? Mounts { get; init; }
    /// <summary>Files as Docker configs (or secrets), versioned by content.</summary>
    public IReadOnlyList<ContainerFile>? Files { get; init; }
    public ContainerHealthcheck? Healthcheck { get; init; }
    public int Replicas { get; init; } = 1;
    /// <summary>Placement constraints, Docker's form: <c>node.labels.infra.stateful==true</c>.</summary>
    public IReadOnlyList<string>? Constraints { get; init; }
    /// <summary>Published ports; Swarm binds every address of the node (it takes no host address, moby#26696).</summary>
    public IReadOnlyList<ServicePort>? Ports { get; init; }
    /// <summary>
    /// vip (Docker's default: one virtual IP, balanced by the kernel's IPVS) or dnsrr (the name resolves to the tasks'
    /// own addresses: no IPVS needed, and no routing mesh, so published ports must use mode host).
    /// </summary>
    public string? EndpointMode { get; init; }
    /// <summary>start-first (a new task is healthy before the old stops) or stop-first (one task at a time on its data).</summary>
    public string? UpdateOrder { get; init; }
    public IReadOnlyDictionary<string, Input<string>>? Labels { get; init; }
    public string? User { get; init; }
    public bool? Init { get; init; }
    public int? StopGraceSeconds { get; init; }
    /// <summary>How long create and update wait for the replicas to run (healthy, where there is a health check).</summary>
    public int? WaitTimeoutSeconds { get; init; }
}

public sealed record ServicePort
{
    public required int Target { get; init; }
    public required int Published { get; init; }
    /// <summary>tcp (default) or udp.</summary>
    public string? Protocol { get; init; }
    /// <summary>ingress (default: every node, through the routing mesh) or host (only the node that runs the task).</summary>
    public string? Mode { get; init; }
}

/// <summary>A Docker Swarm service: its tasks run on the nodes Swarm picks within its constraints.</summary>
public sealed class Service(string name, ServiceArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<ServiceArgs>(ServiceKind.TypeToken, name, args, parent, options)
{
    public OutputRef<string> ServiceName => Output<string>("name");
}
