using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>A public route of the Caddy edge: <c>{Subdomain}.{domain}</c> → <c>{Upstream}</c>, reached over <see cref="Network"/>.</summary>
public sealed record Route(string Subdomain, string Upstream, Network Network, bool BasicAuth = false);
