using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

/// <summary>Attachments of a container: each network with the service's name as alias.</summary>
public static class ServiceNetworks
{
    public static IReadOnlyList<ContainerNetwork> On(string alias, params Network[] networks) =>
        networks.Distinct().Select(n => new ContainerNetwork { Name = n.NetworkName, Aliases = [alias] }).ToList();

    /// <summary>A bridge network on one host; on a swarm an overlay network that probes (verify) can attach to.</summary>
    public static Network Create(string name, bool @internal, ComponentResource brick, BrickEnvironment env) =>
        new(name, new NetworkArgs
        {
            Name = env.Names.Network(name),
            Internal = @internal ? true : null,
            Driver = env.Swarm is null ? null : "overlay",
            Attachable = env.Swarm is null ? null : true,
        }, brick);

    /// <summary>
    /// The name of a service's data volume. On one host a <c>docker:Volume</c>; on a swarm the volume is made by the node
    /// that runs the (pinned) task when it first mounts it, so the manager holds no copy of its own.
    /// </summary>
    public static Input<string> DataVolume(string service, ComponentResource brick, BrickEnvironment env, string purpose = "data") =>
        env.Swarm is null
            ? new Volume($"{service}-{purpose}", new VolumeArgs { Name = env.Names.Volume(service, purpose) }, brick).VolumeName
            : env.Names.Volume(service, purpose);

    public static ContainerMount Mount(Input<string> volume, string target) => new() { Type = "volume", Source = volume, Target = target };
}
