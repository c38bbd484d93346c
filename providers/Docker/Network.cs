using Infra.Engine.Model;

namespace Infra.Providers.Docker;

/// <summary>Arguments of <c>docker:Network</c>. Every change replaces the network (Docker cannot edit one).</summary>
public sealed record NetworkArgs
{
    /// <summary>The network name on the host; defaults to the resource name.</summary>
    public string? Name { get; init; }
    /// <summary>Defaults to the daemon's default (bridge).</summary>
    public string? Driver { get; init; }
    /// <summary>No route out of the network; containers only on internal networks cannot publish ports.</summary>
    public bool? Internal { get; init; }
    public bool? Attachable { get; init; }
    /// <summary>IPAM subnets in CIDR form, e.g. "172.30.0.0/24".</summary>
    public IReadOnlyList<string>? Subnets { get; init; }
    public IReadOnlyDictionary<string, Input<string>>? Labels { get; init; }
}

/// <summary>A user-defined Docker network. Refer to it from containers with <see cref="NetworkName"/>.</summary>
public sealed class Network(string name, NetworkArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<NetworkArgs>(NetworkKind.TypeToken, name, args, parent, options)
{
    public OutputRef<string> NetworkName => Output<string>("name");
}
