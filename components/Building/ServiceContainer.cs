using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>
/// Creates a service container with the house defaults: its host name, the service's image, a restart
/// policy, labels naming service and brick, waiting until healthy, and running after the preflight.
/// </summary>
public static class ServiceContainer
{
    public const string ServiceLabel = "org.infra.service";
    public const string BrickLabel = "org.infra.brick";

    public static Container Create(
        string name, ServiceSpec service, ContainerArgs args, ComponentResource brick, BrickEnvironment env, IReadOnlyList<Resource>? after = null)
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
        return new Container(name, full, brick, new ResourceOptions { DependsOn = [.. env.RunAfter, .. after ?? []] });
    }

    public static Input<string> ImageOf(BrickEnvironment env, ServiceSpec service) => env.Images.For(service.ImageKey).ImageId;

    public static ContainerPort Publish(int internalPort, HostPort at) => new() { Internal = internalPort, External = at.Port, HostIp = at.Ip };
}
