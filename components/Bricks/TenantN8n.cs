using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

/// <summary>A tenant's n8n in its <see cref="TenantStack"/>, on the data services it uses (the tenant's own or the backbone's).</summary>
public sealed record TenantN8n(Container Container, IReadOnlyList<MetricsEndpoint> MetricsEndpoints)
{
    public static TenantN8n Create(TenantStack tenant, StatefulServices data, IReadOnlyList<Network> extraNetworks, BrickEnvironment env)
    {
        var n8n = ServiceCatalog.N8n;
        var volume = ServiceNetworks.DataVolume(tenant.N8nName, tenant, env);
        var environment = new Dictionary<string, Input<string>>
        {
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
            ["N8N_METRICS"] = "true",
            ["N8N_PORT"] = Text(n8n.Port),
            ["N8N_DIAGNOSTICS_ENABLED"] = "false",
        };
        if (tenant.PublicUrl is { } url)
        {
            environment["WEBHOOK_URL"] = url + "/";
            environment["N8N_PROXY_HOPS"] = "1";
        }
        else environment["N8N_SECURE_COOKIE"] = "false";
        var container = ServiceContainer.Create(tenant.N8nName, n8n, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, n8n),
            Env = environment,
            Networks = ServiceNetworks.On(n8n.Name, [tenant.Network, .. extraNetworks]),
            Ports = HostPublishing.Bindings(n8n.PublishedPorts, tenant.Ports),
            Mounts = [ServiceNetworks.Mount(volume, "/home/node/.n8n")],
            Healthcheck = n8n.Healthcheck,
        }, tenant, env, after: [data.Postgres, data.Redis]);
        return new TenantN8n(container, [MetricsEndpoint.Of(n8n, tenant.N8nName, tenant.N8nHost, [tenant.Network, .. extraNetworks])]);
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
