namespace Infra.Stacks.Settings;

/// <summary>Default values of the stack config keys (documented in the README).</summary>
public static class Defaults
{
    public static readonly IReadOnlyList<string> Tenants = ["azoth", "maximus", "koff"];

    public const int N8nWorkers = 1;

    /// <summary>What the edge routes to unless <c>infra:caddy.routes</c> says otherwise.</summary>
    public static readonly IReadOnlyList<string> EdgeRoutes = ["n8n", "grafana"];

    /// <summary>The ports a tenant publishes on its own (multi-tenant variant).</summary>
    public static readonly IReadOnlyList<string> TenantPortKeys = ["n8n", "mosquitto", "mosquitto-tls"];

    /// <summary>
    /// Where tenant number <paramref name="tenantNumber"/> (1 for the first of <c>infra:tenants</c>) publishes
    /// <paramref name="key"/> by default: the standard variant's port plus that number (azoth's n8n on 5679).
    /// </summary>
    public static PublishedPort TenantPort(string key, int tenantNumber) =>
        Ports[key] with { HostPort = Ports[key].HostPort + tenantNumber };

    public static readonly IReadOnlyDictionary<string, string> Images = new Dictionary<string, string>
    {
        ["postgres"] = "postgres:17",
        ["redis"] = "redis:7",
        ["mosquitto"] = "eclipse-mosquitto:2",
        ["qdrant"] = "qdrant/qdrant:v1.13.4",
        ["minio"] = "minio/minio:RELEASE.2025-04-22T22-12-26Z",
        ["n8n"] = "n8nio/n8n:1.94.1",
        ["ai-proxy"] = "ai-proxy:latest",
        ["embed-service"] = "embed-service:latest",
        ["jeux-text"] = "jeux-text:latest",
        ["strudel"] = "strudel:latest",
        ["prometheus"] = "prom/prometheus:v2.55.1",
        ["grafana"] = "grafana/grafana:11.6.0",
        ["caddy"] = "caddy:2",
    };

    public static readonly IReadOnlyDictionary<string, PublishedPort> Ports = new Dictionary<string, PublishedPort>
    {
        ["mosquitto"] = new("127.0.0.1", 1883),
        ["mosquitto-tls"] = new("127.0.0.1", 8883),
        ["qdrant"] = new("127.0.0.1", 6333),
        ["minio"] = new("127.0.0.1", 9000),
        ["minio-console"] = new("127.0.0.1", 9001),
        ["n8n"] = new("127.0.0.1", 5678),
        ["ai-proxy"] = new("127.0.0.1", 8080),
        ["embed-service"] = new("127.0.0.1", 8000),
        ["jeux-text"] = new("127.0.0.1", 3001),
        ["strudel"] = new("127.0.0.1", 4321),
        ["prometheus"] = new("127.0.0.1", 9090),
        ["grafana"] = new("127.0.0.1", 3000),
    };
}
