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

    /// <summary>A health check run by the container's shell, checked often enough for a quick start.</summary>
    public static ContainerHealthcheck Shell(string command) => new()
    {
        Test = ["CMD-SHELL", command],
        IntervalSeconds = 2,
        TimeoutSeconds = 5,
        StartPeriodSeconds = 5,
        Retries = 20,
    };

    /// <summary>An HTTP GET from inside the container with bash alone (qdrant's image has no curl or wget).</summary>
    public static ContainerHealthcheck BashHttp(int port, string path) => Shell(
        $"bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port} && printf \"GET {path} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n\" >&3 && head -n 1 <&3 | grep -q \" 200\"'");

    /// <summary>An HTTP GET with wget, which n8n, prometheus, grafana and caddy images have.</summary>
    public static ContainerHealthcheck WgetHttp(int port, string path) =>
        Shell($"wget -q -O /dev/null http://127.0.0.1:{port}{path}");

    public static ContainerPort Publish(int internalPort, HostPort at) => new() { Internal = internalPort, External = at.Port, HostIp = at.Ip };
}
