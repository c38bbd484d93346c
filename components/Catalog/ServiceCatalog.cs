using Infra.Components.Building;
using Infra.Components.ServiceConfigs;
using Infra.Providers.Docker;

namespace Infra.Components.Catalog;

/// <summary>Every service the bricks create, one entry each. Bricks, URLs, routes and scrape targets read their ports here.</summary>
public static class ServiceCatalog
{
    public static readonly ServiceSpec Postgres = new("postgres", 5432,
        // Over TCP and with the password: pg_isready alone says yes before the user exists.
        HealthChecks.Shell("PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc 'select 1' | grep -q 1")) { KeepsData = true };

    public static readonly ServiceSpec Redis = new("redis", 6379, HealthChecks.Shell(RedisFiles.HealthCommand)) { KeepsData = true };

    public static readonly PublishedPortSpec Mqtt = new("mosquitto", 1883, "mqtt");
    /// <summary>Published only when <c>configs/mqtt/certs/</c> holds a certificate.</summary>
    public static readonly PublishedPortSpec MqttTls = new("mosquitto-tls", 8883, "mqtts");

    public static readonly ServiceSpec Mosquitto = new("mosquitto", Mqtt.Internal,
        // Subscribing with the generated user proves the broker is up and checks passwords.
        HealthChecks.Shell($"mosquitto_sub -h 127.0.0.1 -p {Mqtt.Internal} -u \"$MQTT_USER\" -P \"$MQTT_PASSWORD\" -t 'infra/health' -E -W 5"))
    {
        PublishedPorts = [Mqtt, MqttTls],
        KeepsData = true,
    };

    // /readyz needs no API key; the image has bash but neither curl nor wget.
    public static readonly ServiceSpec Qdrant = Http("qdrant", 6333, port => HealthChecks.BashHttp(port, "/readyz")) with { MetricsPath = "/metrics", KeepsData = true };

    public static readonly PublishedPortSpec MinioConsole = new("minio-console", 9001, "http");

    public static readonly ServiceSpec Minio = new("minio", 9000,
        // curl left the image in 2023; `mc ready local` is MinIO's own probe.
        HealthChecks.Shell("mc ready local"))
    {
        PublishedPorts = [new("minio", 9000, "http"), MinioConsole],
        MetricsPath = "/minio/v2/metrics/cluster",
        KeepsData = true,
    };

    // readiness: the database is connected and migrated. Webhooks and forms are for third parties; n8n checks them itself.
    public static readonly ServiceSpec N8n = Http("n8n", 5678, port => HealthChecks.WgetHttp(port, "/healthz/readiness"))
        with { MetricsPath = "/metrics", Subdomain = "n8n", KeepsData = true, OpenPaths = ["/webhook/*", "/webhook-test/*", "/webhook-waiting/*", "/form/*"] };

    /// <summary>
    /// An n8n queue worker (<c>n8n worker</c>, n8n's image). With <c>QUEUE_HEALTH_CHECK_ACTIVE=true</c> it serves
    /// <c>/healthz/readiness</c> on <c>QUEUE_HEALTH_CHECK_PORT</c>: 200 once the database is connected and migrated
    /// and its Redis client is connected (n8n's scaling/worker-server.ts).
    /// </summary>
    public static readonly ServiceSpec N8nWorker = new("n8n-worker", N8n.Port, HealthChecks.WgetHttp(N8n.Port, "/healthz/readiness"))
    {
        ImageKey = N8n.ImageKey,
    };

    public static readonly ServiceSpec AiProxy = Http("ai-proxy", 8080, Healthz) with { MetricsPath = "/metrics", Subdomain = "ai" };
    public static readonly ServiceSpec EmbedService = Http("embed-service", 8000, Healthz) with { MetricsPath = "/metrics" };
    public static readonly ServiceSpec JeuxText = Http("jeux-text", 3001, Healthz) with { Subdomain = "jeux" };
    public static readonly ServiceSpec Strudel = Http("strudel", 4321, Healthz) with { Subdomain = "strudel" };

    public static readonly ServiceSpec Prometheus = Http("prometheus", 9090, port => HealthChecks.WgetHttp(port, "/-/healthy")) with { MetricsPath = "/metrics", KeepsData = true };
    public static readonly ServiceSpec Grafana = Http("grafana", 3000, port => HealthChecks.WgetHttp(port, "/api/health")) with { Subdomain = "grafana", KeepsData = true };

    public static readonly PublishedPortSpec EdgeHttp = new("caddy-http", 80, "http");
    public static readonly PublishedPortSpec EdgeHttps = new("caddy-https", 443, "https");

    /// <summary>The edge: its port is the one the isolation proof connects to; its health check asks its own health site.</summary>
    public static readonly ServiceSpec Caddy = new("caddy", EdgeHttps.Internal, HealthChecks.WgetHttp(Caddyfile.HealthPort, "/"))
    {
        PublishedPorts = [EdgeHttp, EdgeHttps],
        KeepsData = true,
    };

    public static readonly IReadOnlyList<ServiceSpec> All =
        [Postgres, Redis, Mosquitto, Qdrant, Minio, N8n, N8nWorker, AiProxy, EmbedService, JeuxText, Strudel, Prometheus, Grafana, Caddy];

    /// <summary>The entry named <paramref name="service"/> (the <c>org.infra.service</c> label), or null.</summary>
    public static ServiceSpec? Find(string service) => All.FirstOrDefault(s => s.Name == service);

    /// <summary>An HTTP service published on the host under its own name.</summary>
    private static ServiceSpec Http(string name, int port, Func<int, ContainerHealthcheck> healthcheck) =>
        new(name, port, healthcheck(port)) { PublishedPorts = [new(name, port, "http")] };

    /// <summary>The ingress services' health: <c>/healthz</c> on the port they listen on.</summary>
    private static ContainerHealthcheck Healthz(int port) => HealthChecks.WgetHttp(port, "/healthz");
}
