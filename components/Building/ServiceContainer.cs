using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>
/// Creates a service's workload with the house defaults: its host name, the service's image, a restart policy, labels
/// naming service and brick, waiting until ready, and running after the preflight. On one host that is a
/// <c>docker:Container</c>; on a swarm a <c>docker:Service</c> (<see cref="SwarmService"/>).
/// </summary>
public static class ServiceContainer
{
    public const string ServiceLabel = "org.infra.service";
    public const string BrickLabel = "org.infra.brick";

    /// <param name="replicas">On a swarm, the tasks of a stateless service unless the stack config says otherwise (n8n's workers).</param>
    public static CustomResource Create(string name, ServiceSpec service, ContainerArgs args, ComponentResource brick, BrickEnvironment env,
        IReadOnlyList<Resource>? after = null, int replicas = 1)
    {
        var labels = new Dictionary<string, Input<string>>(args.Labels ?? new Dictionary<string, Input<string>>())
        {
            [ServiceLabel] = service.Name,
            [BrickLabel] = brick.Name,
        };
        var full = args with
        {
            Name = args.Name ?? env.Names.Container(name),
            Restart = args.Restart ?? "unless-stopped",
            WaitHealthy = args.WaitHealthy ?? args.Healthcheck is not null,
            WaitTimeoutSeconds = args.WaitTimeoutSeconds ?? env.HealthTimeoutSeconds,
            Labels = labels,
        };
        var options = new ResourceOptions { DependsOn = [.. env.RunAfter, .. after ?? []] };
        return env.Swarm is { } swarm
            ? SwarmService.Create(name, service, full, swarm, env, brick, options, replicas)
            : new Container(name, full, brick, options);
    }

    public static Input<string> ImageOf(BrickEnvironment env, ServiceSpec service) => env.Images.For(service.ImageKey).ImageId;

    public static ContainerPort Publish(int internalPort, HostPort at) => new() { Internal = internalPort, External = at.Port, HostIp = at.Ip };
}
