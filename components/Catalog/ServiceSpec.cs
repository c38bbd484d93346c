using Infra.Providers.Docker;

namespace Infra.Components.Catalog;

/// <summary>
/// What the stack knows of one service: its name (container name, network alias and <c>infra:images</c> key),
/// the port it listens on inside its container, how its health is checked, the ports it may publish,
/// where it serves metrics, the subdomain the edge routes to it and the paths the edge leaves open.
/// </summary>
public sealed record ServiceSpec(string Name, int Port, ContainerHealthcheck Healthcheck)
{
    /// <summary>The <c>infra:images</c> key of its image: its name, unless it runs another service's image (n8n's workers).</summary>
    public string ImageKey { get; init; } = Name;
    public IReadOnlyList<PublishedPortSpec> PublishedPorts { get; init; } = [];
    /// <summary>The path Prometheus scrapes on <see cref="Port"/>; null when the service declares no metrics.</summary>
    public string? MetricsPath { get; init; }
    /// <summary>The edge's subdomain for the service; null when the edge does not route to it.</summary>
    public string? Subdomain { get; init; }
    /// <summary>It keeps data in a volume: on a swarm it runs once, pinned to the nodes that keep the data.</summary>
    public bool KeepsData { get; init; }
    /// <summary>Paths the edge serves without its basic auth (Caddy path matchers): the service authenticates those itself.</summary>
    public IReadOnlyList<string> OpenPaths { get; init; } = [];

    /// <summary><c>host:port</c> of the service on a network it shares with the caller.</summary>
    public string Address(string host) => $"{host}:{Port}";

    public string HttpUrl(string host) => $"http://{Address(host)}";
}
