using Docker.DotNet.Models;

namespace Infra.Providers.Docker.Probing;

/// <summary>
/// Reads the running state, health, network addresses and published ports of containers by name. A container
/// whose health is still "starting" (Docker runs the first check one interval after start: 30 s) has its own
/// health command run once through the exec API, as <c>up</c> does while it waits; passing counts as healthy.
/// </summary>
public static class ContainerInspection
{
    public static async Task<LiveContainer> InspectAsync(DockerSession session, string name, CancellationToken ct)
    {
        var c = await DockerErrors.OrNullWhenMissing(() => session.Client.Containers.InspectContainerAsync(name, ct));
        if (c is null) return new LiveContainer(name, false, false, null, null, new Dictionary<string, string>(), []);
        var health = c.State?.Health;
        var last = health?.Log?.OrderBy(l => l.End).LastOrDefault()?.Output?.Trim();
        var ips = (c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
            .Where(kv => !string.IsNullOrEmpty(kv.Value.IPAddress))
            .ToDictionary(kv => kv.Key, kv => kv.Value.IPAddress);
        var ports = (c.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
            .Where(kv => kv.Value is not null)
            .SelectMany(kv => kv.Value.Select(b => new LivePort(
                string.IsNullOrEmpty(b.HostIP) ? "0.0.0.0" : b.HostIP,
                int.TryParse(b.HostPort, out var hp) ? hp : 0,
                int.Parse(kv.Key.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture),
                kv.Key.Contains('/') ? kv.Key.Split('/')[1] : "tcp")))
            .ToList();
        var status = health?.Status;
        var provenByExec = false;
        if (status == "starting" && c.State?.Running == true && HealthExec.Command(c.Config?.Healthcheck?.Test?.ToList()) is { } command)
        {
            var timeout = c.Config!.Healthcheck!.Timeout is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromSeconds(30);
            var run = await HealthExec.RunAsync(session.Client, c.ID, command, timeout, ct);
            if (run.Passed) { status = "healthy"; provenByExec = true; }
            else last = run.Output.Trim();
        }
        return new LiveContainer(name, true, c.State?.Running == true, status, last, ips, ports) { HealthProvenByExec = provenByExec };
    }
}
