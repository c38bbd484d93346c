using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

public sealed record TenantArgs
{
    /// <summary>The tenant has its own Postgres, Redis and Mosquitto on its network (multi-tenant variant).</summary>
    public bool OwnDataServices { get; init; }
    /// <summary>Container names carry the tenant ("azoth-n8n") in the multi-tenant variant, not in the standard one.</summary>
    public bool PrefixNames { get; init; }
    /// <summary>
    /// A network that already bears the tenant's network name, used instead of creating a second one with the
    /// same host name (tenant koff and the seed's koff_net).
    /// </summary>
    public Network? Network { get; init; }
}

/// <summary>
/// One tenant: its network (<c>azoth_net</c>) and its n8n; in the multi-tenant variant also its own Postgres,
/// Redis and Mosquitto on that network only, with their own secrets and volumes.
/// </summary>
public sealed class TenantStack : ComponentResource
{
    public const string TypeToken = "infra:bricks:TenantStack";
    private readonly BrickEnvironment _env;
    private readonly string _prefix;

    public TenantStack(string tenant, TenantArgs args, BrickEnvironment env, ComponentResource parent) : base(TypeToken, tenant, parent)
    {
        _env = env;
        Tenant = tenant;
        _prefix = args.PrefixNames ? $"{tenant}-" : "";
        Network = args.Network ?? ServiceNetworks.Create($"{tenant}_net", false, this, env);
        if (args.OwnDataServices)
            Data = new StatefulServices(this, env, _prefix, [Network], [Network], new Dictionary<string, HostPort>());
        RegisterOutput("network", Network.NetworkName);
    }

    public string Tenant { get; }
    public Network Network { get; }
    /// <summary>The tenant's own data services (multi-tenant variant), else null.</summary>
    public StatefulServices? Data { get; }
    public Container? N8n { get; private set; }
    public RandomPassword? EncryptionKey { get; private set; }
    public IReadOnlyList<MetricsEndpoint> MetricsEndpoints { get; private set; } = [];
    public IReadOnlyList<PublishedService> Published { get; private set; } = [];
    public Route? Route { get; private set; }

    /// <summary>Adds n8n, using <paramref name="data"/> (the tenant's own or the backbone's) for its database and queue.</summary>
    public void AddN8n(StatefulServices data, IReadOnlyList<Network> extraNetworks, HostPort? publishAt, string? publicUrl)
    {
        var encryptionKey = EncryptionKey = GeneratedSecret.Create($"{_prefix}n8n-encryption-key", 48, this);
        var name = $"{_prefix}n8n";
        var volume = ServiceNetworks.DataVolume(name, this, _env);
        var environment = new Dictionary<string, Input<string>>
        {
            ["DB_TYPE"] = "postgresdb",
            ["DB_POSTGRESDB_HOST"] = data.PostgresHost,
            ["DB_POSTGRESDB_PORT"] = "5432",
            ["DB_POSTGRESDB_DATABASE"] = StatefulServices.DatabaseName,
            ["DB_POSTGRESDB_USER"] = StatefulServices.DatabaseUser,
            ["DB_POSTGRESDB_PASSWORD"] = data.PostgresPassword.Result,
            ["QUEUE_BULL_REDIS_HOST"] = data.RedisHost,
            ["QUEUE_BULL_REDIS_PORT"] = "6379",
            ["QUEUE_BULL_REDIS_PASSWORD"] = data.RedisPassword.Result,
            ["N8N_ENCRYPTION_KEY"] = encryptionKey.Result,
            ["N8N_METRICS"] = "true",
            ["N8N_PORT"] = "5678",
            ["N8N_DIAGNOSTICS_ENABLED"] = "false",
        };
        if (publicUrl is not null)
        {
            environment["WEBHOOK_URL"] = publicUrl;
            environment["N8N_PROXY_HOPS"] = "1";
        }
        else environment["N8N_SECURE_COOKIE"] = "false";
        N8n = ServiceContainer.Create(name, "n8n", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(_env, "n8n"),
            Env = environment,
            Networks = ServiceNetworks.On("n8n", [Network, .. extraNetworks]),
            Ports = publishAt is null ? null : [ServiceContainer.Publish(5678, publishAt)],
            Mounts = [ServiceNetworks.Mount(volume, "/home/node/.n8n")],
            // readiness: the database is connected and migrated.
            Healthcheck = ServiceContainer.WgetHttp(5678, "/healthz/readiness"),
        }, this, _env, after: [data.Postgres, data.Redis]);
        var host = _env.Names.Container(name);
        MetricsEndpoints = [new($"{_prefix}n8n", host, 5678, "/metrics", [Network, .. extraNetworks])];
        Published = publishAt is null ? [] : [new PublishedService(name, "http", publishAt)];
        Route = new Route(_prefix.Length == 0 ? "n8n" : $"{Tenant}.n8n", $"{host}:5678", Network, BasicAuth: true);
        RegisterOutput("n8nUrl", publishAt is null ? $"http://{host}:5678" : $"http://{publishAt}");
        RegisterOutput("secrets", new[] { encryptionKey.Name }.Concat(Data?.SecretNames ?? []).ToArray());
    }
}
