using Infra.Components.Building;
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
        PostgresHost = env.Names.Container($"{prefix}postgres");
        RedisHost = env.Names.Container($"{prefix}redis");
        MosquittoHost = env.Names.Container($"{prefix}mosquitto");

        var pgData = ServiceNetworks.DataVolume($"{prefix}postgres", brick, env);
        Postgres = ServiceContainer.Create($"{prefix}postgres", "postgres", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, "postgres"),
            Env = new Dictionary<string, Input<string>>
            {
                ["POSTGRES_USER"] = DatabaseUser,
                ["POSTGRES_DB"] = DatabaseName,
                ["POSTGRES_PASSWORD"] = PostgresPassword.Result,
                ["PGDATA"] = "/var/lib/postgresql/data",
            },
            Networks = ServiceNetworks.On("postgres", [.. dataNetworks]),
            Mounts = [ServiceNetworks.Mount(pgData, "/var/lib/postgresql/data")],
            // Over TCP and with the password: pg_isready alone says yes before the user exists.
            Healthcheck = ServiceContainer.Shell(
                "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc 'select 1' | grep -q 1"),
            StopGraceSeconds = 30,
        }, brick, env);

        var redisData = ServiceNetworks.DataVolume($"{prefix}redis", brick, env);
        Redis = ServiceContainer.Create($"{prefix}redis", "redis", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, "redis"),
            Command = ["redis-server", RedisFiles.Path],
            Files = [RedisFiles.Config(RedisPassword.Result)],
            Networks = ServiceNetworks.On("redis", [.. dataNetworks]),
            Mounts = [ServiceNetworks.Mount(redisData, "/data")],
            Healthcheck = ServiceContainer.Shell(RedisFiles.HealthCommand),
        }, brick, env);

        var mqttData = ServiceNetworks.DataVolume($"{prefix}mosquitto", brick, env);
        var tls = MosquittoFiles.HasTls(env.Templates);
        Mosquitto = ServiceContainer.Create($"{prefix}mosquitto", "mosquitto", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, "mosquitto"),
            Env = new Dictionary<string, Input<string>>
            {
                ["MQTT_USER"] = DataBackbone.MqttUser,
                ["MQTT_PASSWORD"] = MosquittoPassword.Result,
            },
            Files = MosquittoFiles.Files(env.Templates, DataBackbone.MqttUser, MosquittoPassword),
            Networks = ServiceNetworks.On("mosquitto", [.. mqttNetworks]),
            Ports = tls ? DataServices.Publish(ports, ("mosquitto", 1883), ("mosquitto-tls", 8883)) : DataServices.Publish(ports, ("mosquitto", 1883)),
            Mounts = [ServiceNetworks.Mount(mqttData, "/mosquitto/data")],
            // Subscribing with the generated user proves the broker is up and checks passwords.
            Healthcheck = ServiceContainer.Shell(
                "mosquitto_sub -h 127.0.0.1 -p 1883 -u \"$MQTT_USER\" -P \"$MQTT_PASSWORD\" -t 'infra/health' -E -W 5"),
        }, brick, env);
    }

    public RandomPassword PostgresPassword { get; }
    public RandomPassword RedisPassword { get; }
    public RandomPassword MosquittoPassword { get; }
    public Container Postgres { get; }
    public Container Redis { get; }
    public Container Mosquitto { get; }
    public string PostgresHost { get; }
    public string RedisHost { get; }
    public string MosquittoHost { get; }

    public IReadOnlyList<string> SecretNames => [PostgresPassword.Name, RedisPassword.Name, MosquittoPassword.Name];
}
