using Infra.Components.Catalog;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>
/// A public route of the Caddy edge: <c>{Subdomain}.{domain}</c> → <c>{Upstream}</c>, reached over <see cref="Network"/>,
/// behind basic auth except on <see cref="OpenPaths"/>.
/// </summary>
public sealed record Route(string Service, string Subdomain, string Upstream, Network Network, IReadOnlyList<string> OpenPaths)
{
    /// <summary>The route to <paramref name="service"/> at <paramref name="host"/>, under the tenant's name when it is a tenant's own.</summary>
    public static Route To(ServiceSpec service, string host, Network network, string? tenant = null) =>
        new(service.Name, PublicSites.Subdomain(service, tenant), service.Address(host), network, service.OpenPaths);
}
