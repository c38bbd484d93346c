using Docker.DotNet.Models;

namespace Infra.Providers.Docker.Probing;

/// <summary>
/// A swarm service seen as verify sees a container: it runs when Swarm runs all its replicas, and it is healthy then too
/// (a task with a health check only reaches "running" once healthy). Its addresses are its virtual IPs, one per network,
/// and its published ports are on every node (Swarm's routing mesh binds all addresses).
/// </summary>
public static class ServiceInspection
{
    public static async Task<LiveContainer> InspectAsync(DockerSession session, string name, int replicas, CancellationToken ct)
    {
        var client = session.Client;
        var service = await DockerErrors.OrNullWhenMissing(() => client.Swarm.InspectServiceAsync(name, ct));
        if (service is null || service.Spec?.Name != name)
            return new LiveContainer(name, false, false, null, null, new Dictionary<string, string>(), []);
        var tasks = await ServiceReadiness.ListTasksAsync(client, service.ID!, ct);
        var running = tasks.Count(ServiceReadiness.IsRunning);
        var lastError = ServiceReadiness.LastError(tasks);
        // A virtual IP per network (endpoint mode vip); else (dnsrr) the address of a running task on each network.
        var ips = new Dictionary<string, string>();
        foreach (var vip in service.Endpoint?.VirtualIPs ?? [])
            if (vip.NetworkID is { } id && !string.IsNullOrEmpty(vip.Addr)
                && await DockerErrors.OrNullWhenMissing(() => client.Networks.InspectNetworkAsync(id, ct)) is { } network)
                ips[network.Name] = vip.Addr.Split('/')[0];
        foreach (var attachment in tasks.Where(ServiceReadiness.IsRunning).SelectMany(t => t.NetworksAttachments ?? []))
            if (attachment.Network?.Spec?.Name is { } networkName && attachment.Addresses?.FirstOrDefault() is { } address)
                ips.TryAdd(networkName, address.Split('/')[0]);
        var ports = (service.Endpoint?.Ports ?? [])
            .Select(p => new LivePort("0.0.0.0", (int)(p.PublishedPort ?? 0), (int)(p.TargetPort ?? 0), p.Protocol ?? "tcp"))
            .ToList();
        var all = running >= replicas;
        return new LiveContainer(name, true, all, all ? "healthy" : $"{running} of {replicas} replicas running", all ? null : lastError, ips, ports);
    }
}
