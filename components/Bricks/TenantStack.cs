using Infra.Components.Building;
using Infra.Components.Catalog;
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
    /// <summary>Where n8n is published on the host (its catalog port keys); empty: reached through its network or the edge only.</summary>
    public IReadOnlyDictionary<string, HostPort> Ports { get; init; } = new Dictionary<string, HostPort>();
    /// <summary>The edge's public names, when the edge is on: n8n is told its public URL.</summary>
    public PublicSites? Sites { get; init; }
}

/// <summary>
/// One tenant: its network (<c>azoth_net</c>), n8n's encryption key and where n8n is reached; in the
/// multi-tenant variant also its own Postgres, Redis and Mosquitto on that network only, with their own
/// secrets and volumes. The n8n container itself (<see cref="TenantN8n"/>) is added once its data services exist.
/// </summary>
public sealed class TenantStack : ComponentResource
{
    public const string TypeToken = "infra:bricks:TenantStack";

    public TenantStack(string tenant, TenantArgs args, BrickEnvironment env, ComponentResource parent) : base(TypeToken, tenant, parent)
    {
        var n8n = ServiceCatalog.N8n;
        Tenant = tenant;
        Prefix = args.PrefixNames ? $"{tenant}-" : "";
        Network = args.Network ?? ServiceNetworks.Create($"{tenant}_net", false, this, env);
        if (args.OwnDataServices)
            Data = new StatefulServices(this, env, Prefix, [Network], [Network], new Dictionary<string, HostPort>());
        EncryptionKey = GeneratedSecret.Create($"{Prefix}n8n-encryption-key", 48, this);
        N8nName = Prefix + n8n.Name;
        N8nHost = env.Names.Container(N8nName);
        Ports = args.Ports;
        Published = HostPublishing.Services(n8n.PublishedPorts, args.Ports);
        Route = Route.To(n8n, N8nHost, Network, args.PrefixNames ? tenant : null, basicAuth: true);
        PublicUrl = args.Sites?.Url(Route.Subdomain);

        RegisterOutput("network", Network.NetworkName);
        RegisterOutput("n8nUrl", Published.Count > 0 ? Published[0].Url : n8n.HttpUrl(N8nHost));
        RegisterOutput("secrets", new[] { EncryptionKey.Name }.Concat(Data?.SecretNames ?? []).ToArray());
    }

    public string Tenant { get; }
    /// <summary>What the tenant's resource and container names start with: "azoth-" in the multi-tenant variant, else "".</summary>
    public string Prefix { get; }
    public Network Network { get; }
    /// <summary>The tenant's own data services (multi-tenant variant), else null.</summary>
    public StatefulServices? Data { get; }
    public RandomPassword EncryptionKey { get; }
    public string N8nName { get; }
    public string N8nHost { get; }
    public IReadOnlyDictionary<string, HostPort> Ports { get; }
    public IReadOnlyList<PublishedService> Published { get; }
    public Route Route { get; }
    /// <summary>n8n's public URL behind the edge, or null without the edge.</summary>
    public string? PublicUrl { get; }
}
