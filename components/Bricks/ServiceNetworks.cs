using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

/// <summary>Attachments of a container: each network with the service's name as alias.</summary>
public static class ServiceNetworks
{
    public static IReadOnlyList<ContainerNetwork> On(string alias, params Network[] networks) =>
        networks.Distinct().Select(n => new ContainerNetwork { Name = n.NetworkName, Aliases = [alias] }).ToList();

    public static Network Create(string name, bool @internal, ComponentResource brick, BrickEnvironment env) =>
        new(name, new NetworkArgs { Name = env.Names.Network(name), Internal = @internal ? true : null }, brick);

    public static Volume DataVolume(string service, ComponentResource brick, BrickEnvironment env, string purpose = "data") =>
        new($"{service}-{purpose}", new VolumeArgs { Name = env.Names.Volume(service, purpose) }, brick);

    public static ContainerMount Mount(Volume volume, string target) => new() { Type = "volume", Source = volume.VolumeName, Target = target };
}
