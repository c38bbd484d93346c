using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

public sealed record DataBackboneArgs
{
    /// <summary>Postgres, Redis and Mosquitto live here (standard variant); in the multi-tenant variant each tenant has its own.</summary>
    public bool WithStatefulServices { get; init; } = true;
    /// <summary>koff_net: Mosquitto, Qdrant and MinIO join it.</summary>
    public required Network KoffNetwork { get; init; }
    /// <summary>The network n8n's database services also join (azoth_net in the standard variant).</summary>
    public Network? WorkflowNetwork { get; init; }
    /// <summary>Every tenant network: shared Qdrant and MinIO join them (multi-tenant variant).</summary>
    public IReadOnlyList<Network> TenantNetworks { get; init; } = [];
    public IReadOnlyDictionary<string, HostPort> Ports { get; init; } = new Dictionary<string, HostPort>();
}

/// <summary>
/// backbone_net and the data services: Qdrant and MinIO always; Postgres, Redis and Mosquitto in the
/// standard variant. Owns their generated secrets and data volumes.
/// </summary>
public sealed class DataBackbone : ComponentResource
{
    public const string TypeToken = "infra:bricks:DataBackbone";
    public const string MqttUser = "infra";

    public DataBackbone(string name, DataBackboneArgs args, BrickEnvironment env, ComponentResource parent)
        : base(TypeToken, name, parent)
    {
        Network = ServiceNetworks.Create("backbone_net", false, this, env);
        QdrantApiKey = GeneratedSecret.Create("qdrant-api-key", 40, this);
        MinioRootPassword = GeneratedSecret.Create("minio-root-password", 32, this);

        var extra = args.TenantNetworks.ToArray();
        Qdrant = DataServices.Qdrant(this, env, QdrantApiKey, args.Ports, [Network, args.KoffNetwork, .. extra]);
        Minio = DataServices.Minio(this, env, MinioRootPassword, args.Ports, [Network, args.KoffNetwork, .. extra]);
        var (qdrant, minio) = (ServiceCatalog.Qdrant, ServiceCatalog.Minio);
        var qdrantHost = env.Names.Container(qdrant.Name);
        var minioHost = env.Names.Container(minio.Name);
        QdrantUrl = qdrant.HttpUrl(qdrantHost);
        MetricsEndpoints =
        [
            MetricsEndpoint.Of(qdrant, qdrant.Name, qdrantHost, [Network, .. extra], QdrantApiKey.Result),
            MetricsEndpoint.Of(minio, minio.Name, minioHost, [Network, .. extra]),
        ];
        var shared = HostPublishing.Services([.. qdrant.PublishedPorts, .. minio.PublishedPorts], args.Ports);

        if (args.WithStatefulServices)
        {
            var workflow = args.WorkflowNetwork is null ? [Network] : new[] { Network, args.WorkflowNetwork };
            Stateful = new StatefulServices(this, env, "", workflow, [Network, args.KoffNetwork], args.Ports);
        }
        Published = [.. shared, .. Stateful?.Published ?? []];

        RegisterOutput("network", Network.NetworkName);
        RegisterOutput("qdrantUrl", QdrantUrl);
        RegisterOutput("minioUrl", minio.HttpUrl(minioHost));
        if (Stateful is not null) RegisterOutput("postgresEndpoint", ServiceCatalog.Postgres.Address(Stateful.PostgresHost));
        RegisterOutput("secrets", new[] { QdrantApiKey.Name, MinioRootPassword.Name }.Concat(Stateful?.SecretNames ?? []).ToArray());
    }

    public Network Network { get; }
    public RandomPassword QdrantApiKey { get; }
    public RandomPassword MinioRootPassword { get; }
    public CustomResource Qdrant { get; }
    public CustomResource Minio { get; }
    /// <summary>Qdrant's URL on the networks it joins.</summary>
    public string QdrantUrl { get; }
    /// <summary>Postgres, Redis, Mosquitto of the standard variant; null in the multi-tenant variant.</summary>
    public StatefulServices? Stateful { get; }
    public IReadOnlyList<MetricsEndpoint> MetricsEndpoints { get; }
    public IReadOnlyList<PublishedService> Published { get; }
}
