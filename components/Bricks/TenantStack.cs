using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

public sealed record TenantArgs
{
    /// <summary>The tenant's network on the host, before the stack's prefix (<c>azoth_net</c>, <c>tenant_azoth_net</c>).</summary>
    public required string NetworkName { get; init; }
    /// <summary>The tenant has its own Postgres, Redis and Mosquitto on its network (multi-tenant variant).</summary>
    public bool OwnDataServices { get; init; }
    /// <summary>Container names carry the tenant ("azoth-n8n") in the multi-tenant variant, not in the standard one.</summary>
    public bool PrefixNames { get; init; }
    /// <summary>
    /// When set, an internal network of this name that only the tenant's n8n (main and workers) and embed-service
    /// join: the tenant reaches embed-service without embed-service reaching the tenant's data services.
    /// </summary>
    public string? EmbedNetworkName { get; init; }
    /// <summary>Where n8n (and the tenant's own Mosquitto) are published on the host, by catalog port key; absent: not published.</summary>
    public IReadOnlyDictionary<string, HostPort> Ports { get; init; } = new Dictionary<string, HostPort>();
    /// <summary>The edge's public names, when the edge is on: n8n is told its public URL.</summary>
    public PublicSites? Sites { get; init; }
    /// <summary>n8n queue workers of the tenant.</summary>
    public int N8nWorkers { get; init; } = 1;
}

/// <summary>
/// One tenant: its network (<c>azoth_net</c>), n8n's encryption key and where n8n is reached; in the
/// multi-tenant variant also its own Postgres, Redis and Mosquitto on that network only, with their own
/// secrets and volumes, and its link to embed-service. The n8n containers themselves (<see cref="TenantN8n"/>)
/// are added once their data services exist.
/// </summary>
public sealed class TenantStack : ComponentResource
{
    public const string TypeToken = "infra:bricks:TenantStack";

    public TenantStack(string tenant, TenantArgs args, BrickEnvironment env, ComponentResource parent) : base(TypeToken, tenant, parent)
    {
        var n8n = ServiceCatalog.N8n;
        Tenant = tenant;
        Prefix = args.PrefixNames ? $"{tenant}-" : "";
        Network = ServiceNetworks.Create(args.NetworkName, false, this, env);
        EmbedNetwork = args.EmbedNetworkName is { } embed ? ServiceNetworks.Create(embed, true, this, env) : null;
        if (args.OwnDataServices)
            Data = new StatefulServices(this, env, Prefix, [Network], [Network], args.Ports);
        EncryptionKey = GeneratedSecret.Create($"{Prefix}n8n-encryption-key", 48, this);
        N8nName = Prefix + n8n.Name;
        N8nHost = env.Names.Container(N8nName);
        N8nWorkers = args.N8nWorkers;
        Ports = args.Ports;
        var n8nPublished = HostPublishing.Services(n8n.PublishedPorts, args.Ports);
        // Named after the containers ("azoth-n8n"): every tenant publishes the same catalog ports.
        Published = n8nPublished.Concat(Data?.Published ?? []).Select(p => p with { Name = Prefix + p.Name }).ToList();
        Route = Route.To(n8n, N8nHost, Network, args.PrefixNames ? tenant : null);
        PublicUrl = args.Sites?.Url(Route.Subdomain);

        RegisterOutput("network", Network.NetworkName);
        RegisterOutput("n8nUrl", n8nPublished.Count > 0 ? n8nPublished[0].Url : n8n.HttpUrl(N8nHost));
        RegisterOutput("secrets", new[] { EncryptionKey.Name }.Concat(Data?.SecretNames ?? []).ToArray());
    }

    public string Tenant { get; }
    /// <summary>What the tenant's resource and container names start with: "azoth-" in the multi-tenant variant, else "".</summary>
    public string Prefix { get; }
    public Network Network { get; }
    /// <summary>The tenant's own network to embed-service, or null when n8n reaches it otherwise (standard variant: koff_net).</summary>
    public Network? EmbedNetwork { get; }
    /// <summary>The tenant's own data services (multi-tenant variant), else null.</summary>
    public StatefulServices? Data { get; }
    public RandomPassword EncryptionKey { get; }
    public string N8nName { get; }
    public string N8nHost { get; }
    public int N8nWorkers { get; }
    public IReadOnlyDictionary<string, HostPort> Ports { get; }
    /// <summary>n8n's port and, with its own data services, its Mosquitto's, when published.</summary>
    public IReadOnlyList<PublishedService> Published { get; }
    public Route Route { get; }
    /// <summary>n8n's public URL behind the edge, or null without the edge.</summary>
    public string? PublicUrl { get; }
}
