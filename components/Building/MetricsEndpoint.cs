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
}
