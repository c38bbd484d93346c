using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

/// <summary>
/// A tenant's n8n in its <see cref="TenantStack"/>, in queue mode: the main instance (editor, triggers, webhooks) and
/// its workers, which take the executions from Redis. All share the image, the encryption key, the database, Redis
/// and the networks; they use the tenant's own data services or the backbone's.
/// </summary>
public sealed record TenantN8n(CustomResource Container, IReadOnlyList<CustomResource> Workers, IReadOnlyList<MetricsEndpoint> MetricsEndpoints)
{
    /// <param name="dataNetworks">Networks beyond the tenant's that reach its data services; Prometheus may scrape n8n over them.</param>
    /// <param name="serviceNetworks">Networks to the services n8n calls (embed-service), never scraped over.</param>
    public static TenantN8n Create(TenantStack tenant, StatefulServices data, IReadOnlyList<Network> dataNetworks,
        IReadOnlyList<Network> serviceNetworks, BrickEnvironment env)
    {
        var (n8n, worker) = (ServiceCatalog.N8n, ServiceCatalog.N8nWorker);
        Network[] networks = [tenant.Network, .. dataNetworks, .. serviceNetworks];
        var volume = ServiceNetworks.DataVolume(tenant.N8nName, tenant, env);
        var shared = SharedEnvironment(tenant, data);

        var main = new Dictionary<string, Input<string>>(shared)
        {
            ["N8N_METRICS"] = "true",
            ["N8N_PORT"] = Text(n8n.Port),
        };
        if (tenant.PublicUrl is { } url)
        {
            main["WEBHOOK_URL"] = url + "/";
            main["N8N_PROXY_HOPS"] = "1";
        }
        else main["N8N_SECURE_COOKIE"] = "false";
        var container = ServiceContainer.Create(tenant.N8nName, n8n, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, n8n),
            Env = main,
            Networks = ServiceNetworks.On(n8n.Name, networks),
            Ports = HostPublishing.Bindings(n8n.PublishedPorts, tenant.Ports),
            Mounts = [ServiceNetworks.Mount(volume, "/home/node/.n8n")],
            Healthcheck = n8n.Healthcheck,
        }, tenant, env, after: [data.Postgres, data.Redis]);

        // On a swarm the workers are one service scaled to their number; on one host, numbered containers.
        var workerNames = env.Swarm is null
            ? Enumerable.Range(1, tenant.N8nWorkers).Select(i => $"{tenant.Prefix}{worker.Name}-{i}").ToList()
            : tenant.N8nWorkers > 0 ? [$"{tenant.Prefix}{worker.Name}"] : [];
        var workers = workerNames.Select(name => ServiceContainer.Create(name, worker, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, worker),
            Command = ["worker"],
            Env = new Dictionary<string, Input<string>>(shared)
            {
                ["QUEUE_HEALTH_CHECK_ACTIVE"] = "true",
                ["QUEUE_HEALTH_CHECK_PORT"] = Text(worker.Port),
            },
            Networks = ServiceNetworks.On(worker.Name, networks),
            Healthcheck = worker.Healthcheck,
            // After the main instance: it runs the database migrations the workers' readiness waits for.
        }, tenant, env, after: [container], replicas: tenant.N8nWorkers)).ToList();

        return new TenantN8n(container, workers, [MetricsEndpoint.Of(n8n, tenant.N8nName, tenant.N8nHost, [tenant.Network, .. dataNetworks])]);
    }

    /// <summary>What main and workers must agree on: queue mode, the database, Redis and the encryption key.</summary>
    private static Dictionary<string, Input<string>> SharedEnvironment(TenantStack tenant, StatefulServices data) => new()
    {
        ["EXECUTIONS_MODE"] = "queue",
        ["DB_TYPE"] = "postgresdb",
        ["DB_POSTGRESDB_HOST"] = data.PostgresHost,
        ["DB_POSTGRESDB_PORT"] = Text(ServiceCatalog.Postgres.Port),
        ["DB_POSTGRESDB_DATABASE"] = StatefulServices.DatabaseName,
        ["DB_POSTGRESDB_USER"] = StatefulServices.DatabaseUser,
        ["DB_POSTGRESDB_PASSWORD"] = data.PostgresPassword.Result,
        ["QUEUE_BULL_REDIS_HOST"] = data.RedisHost,
        ["QUEUE_BULL_REDIS_PORT"] = Text(ServiceCatalog.Redis.Port),
        ["QUEUE_BULL_REDIS_PASSWORD"] = data.RedisPassword.Result,
        ["N8N_ENCRYPTION_KEY"] = tenant.EncryptionKey.Result,
        ["N8N_DIAGNOSTICS_ENABLED"] = "false",
    };

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
