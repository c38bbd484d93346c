using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Components.ServiceConfigs;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

/// <summary>
/// Postgres, Redis and Mosquitto with their generated secrets and data volumes: the data backbone's in the
/// standard variant, one set per tenant in the multi-tenant variant (<paramref name="prefix"/> "azoth-").
/// </summary>
public sealed class StatefulServices
{
    public const string DatabaseUser = "n8n";
    public const string DatabaseName = "n8n";

    public StatefulServices(ComponentResource brick, BrickEnvironment env, string prefix,
        IReadOnlyList<Network> dataNetworks, IReadOnlyList<Network> mqttNetworks, IReadOnlyDictionary<string, HostPort> ports)
    {
        PostgresPassword = GeneratedSecret.Create($"{prefix}postgres-password", 32, brick);
        RedisPassword = GeneratedSecret.Create($"{prefix}redis-password", 32, brick);
        MosquittoPassword = GeneratedSecret.Create($"{prefix}mosquitto-password", 32, brick, MosquittoFiles.PasswordHash);
        var (postgres, redis, mosquitto) = (ServiceCatalog.Postgres, ServiceCatalog.Redis, ServiceCatalog.Mosquitto);
        PostgresHost = env.Names.Container(prefix + postgres.Name);
        RedisHost = env.Names.Container(prefix + redis.Name);
        MosquittoHost = env.Names.Container(prefix + mosquitto.Name);

        var pgData = ServiceNetworks.DataVolume(prefix + postgres.Name, brick, env);
        Postgres = ServiceContainer.Create(prefix + postgres.Name, postgres, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, postgres),
            Env = new Dictionary<string, Input<string>>
            {
                ["POSTGRES_USER"] = DatabaseUser,
                ["POSTGRES_DB"] = DatabaseName,
                ["POSTGRES_PASSWORD"] = PostgresPassword.Result,
                ["PGDATA"] = "/var/lib/postgresql/data",
            },
            Networks = ServiceNetworks.On(postgres.Name, [.. dataNetworks]),
            Mounts = [ServiceNetworks.Mount(pgData, "/var/lib/postgresql/data")],
            Healthcheck = postgres.Healthcheck,
            StopGraceSeconds = 30,
        }, brick, env);

        var redisData = ServiceNetworks.DataVolume(prefix + redis.Name, brick, env);
        Redis = ServiceContainer.Create(prefix + redis.Name, redis, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, redis),
            Command = ["redis-server", RedisFiles.Path],
            Files = [RedisFiles.Config(RedisPassword.Result)],
            Networks = ServiceNetworks.On(redis.Name, [.. dataNetworks]),
            Mounts = [ServiceNetworks.Mount(redisData, "/data")],
            Healthcheck = redis.Healthcheck,
        }, brick, env);

        var mqttData = ServiceNetworks.DataVolume(prefix + mosquitto.Name, brick, env);
        var tls = MosquittoFiles.HasTls(env.Templates);
        var mqttPorts = mosquitto.PublishedPorts.Where(p => tls || p != ServiceCatalog.MqttTls).ToList();
        Mosquitto = ServiceContainer.Create(prefix + mosquitto.Name, mosquitto, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, mosquitto),
            Env = new Dictionary<string, Input<string>>
            {
                ["MQTT_USER"] = DataBackbone.MqttUser,
                ["MQTT_PASSWORD"] = MosquittoPassword.Result,
            },
            Files = MosquittoFiles.Files(env.Templates, DataBackbone.MqttUser, MosquittoPassword),
            Networks = ServiceNetworks.On(mosquitto.Name, [.. mqttNetworks]),
            Ports = HostPublishing.Bindings(mqttPorts, ports),
            Mounts = [ServiceNetworks.Mount(mqttData, "/mosquitto/data")],
            Healthcheck = mosquitto.Healthcheck,
        }, brick, env);
        Published = HostPublishing.Services(mqttPorts, ports);
    }

    public RandomPassword PostgresPassword { get; }
    public RandomPassword RedisPassword { get; }
    public RandomPassword MosquittoPassword { get; }
    public CustomResource Postgres { get; }
    public CustomResource Redis { get; }
    public CustomResource Mosquitto { get; }
    public string PostgresHost { get; }
    public string RedisHost { get; }
    public string MosquittoHost { get; }
    /// <summary>The broker's listeners published on the host (the TLS one only with a certificate).</summary>
    public IReadOnlyList<PublishedService> Published { get; }

    public IReadOnlyList<string> SecretNames => [PostgresPassword.Name, RedisPassword.Name, MosquittoPassword.Name];
}
