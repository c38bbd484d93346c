using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>
/// A <c>/metrics</c> a brick declares. Monitoring scrapes it over one of <see cref="Networks"/>,
/// with a bearer token when the service wants one (qdrant with an API key).
/// </summary>
public sealed record MetricsEndpoint(
    string Job,
    string Host,
    int Port,
    string Path,
    IReadOnlyList<Network> Networks,
    Input<string>? BearerToken = null)
{
    public string Target => $"{Host}:{Port}";

    /// <summary>The catalog's metrics of <paramref name="service"/>, scraped at <paramref name="host"/> as job <paramref name="job"/>.</summary>
    public static MetricsEndpoint Of(ServiceSpec service, string job, string host, IReadOnlyList<Network> networks, Input<string>? bearerToken = null) =>
        new(job, host, service.Port, service.MetricsPath ?? throw new ArgumentException($"{service.Name} declares no metrics", nameof(service)),
            networks, bearerToken);
}
