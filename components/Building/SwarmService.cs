using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>A service's container arguments as a swarm service, placed by <see cref="SwarmPlacement"/>.</summary>
public static class SwarmService
{
    public static Service Create(string name, ServiceSpec service, ContainerArgs args, SwarmPlacement swarm, BrickEnvironment env,
        ComponentResource brick, ResourceOptions options, int replicas)
    {
        var stateful = service.KeepsData;
        var image = env.Images.For(service.ImageKey);
        return new Service(name, new ServiceArgs
        {
            Name = args.Name,
            Image = env.Images.Reference(service.ImageKey),
            ImageId = image.ImageId,
            Command = args.Command,
            Entrypoint = args.Entrypoint,
            Env = args.Env,
            Networks = args.Networks,
            Mounts = args.Mounts,
            Files = args.Files,
            Healthcheck = args.Healthcheck,
            Replicas = stateful ? 1 : swarm.ReplicasOf(service.Name, replicas),
            Constraints = stateful ? [swarm.StatefulLabel.Constraint] : null,
            // Two tasks on one volume at once would share its files: a stateful service is stopped before its new task starts.
            UpdateOrder = stateful ? "stop-first" : "start-first",
            // DNS round robin, not a virtual IP: it needs no IPVS in the nodes' kernels, and a stateful service runs once anyway.
            EndpointMode = "dnsrr",
            // The edge publishes on the node that runs it (pinned with the data label): point the site's DNS at that node.
            Ports = service.Name == swarm.EdgeService
                ? args.Ports?.Select(p => new ServicePort { Target = p.Internal, Published = p.External ?? p.Internal, Protocol = p.Protocol, Mode = "host" }).ToList()
                : null,
            Labels = args.Labels,
            User = args.User,
            Init = args.Init,
            StopGraceSeconds = args.StopGraceSeconds,
            WaitTimeoutSeconds = args.WaitTimeoutSeconds,
        }, brick, options);
    }
}
