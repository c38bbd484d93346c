using Infra.Components.Catalog;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>
/// The catalog ports of a service that the stack config publishes (a key absent from the host addresses is not
/// published): the container's port bindings and the services they make reachable from the host.
/// </summary>
public static class HostPublishing
{
    public static IReadOnlyList<ContainerPort>? Bindings(IEnumerable<PublishedPortSpec> ports, IReadOnlyDictionary<string, HostPort> at)
    {
        var list = ports.Where(p => at.ContainsKey(p.Key)).Select(p => ServiceContainer.Publish(p.Internal, at[p.Key])).ToList();
        return list.Count == 0 ? null : list;
    }

    public static IReadOnlyList<PublishedService> Services(IEnumerable<PublishedPortSpec> ports, IReadOnlyDictionary<string, HostPort> at) =>
        ports.Where(p => at.ContainsKey(p.Key)).Select(p => new PublishedService(p.Key, p.Scheme, at[p.Key])).ToList();
}
