using Infra.Components.Bricks;
using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Engine.Properties;
using Infra.Providers.Docker;
using Infra.Providers.Random;
using Infra.Stacks.Settings;

namespace Infra.Stacks;

/// <summary>
/// Composes the bricks in the order their networks are needed: ingress networks, tenant networks, the data
/// backbone, then the services that use them, monitoring, and the edge.
/// </summary>
public sealed class StackTopology
{
    public required Ingress Ingress { get; init; }
    public required IngressServices IngressServices { get; init; }
    public required DataBackbone Backbone { get; init; }
    public required IReadOnlyList<TenantStack> Tenants { get; init; }
    public required IReadOnlyList<TenantN8n> N8ns { get; init; }
    public required Monitoring Monitoring { get; init; }
    public CaddyEdge? Edge { get; init; }

    public IEnumerable<PublishedService> Published =>
        Backbone.Published.Concat(Tenants.SelectMany(t => t.Published)).Concat(IngressServices.Published).Concat(Monitoring.Published)
            .Concat(Edge?.Published ?? []);

    /// <summary>Every generated secret of the bricks, read from the resource tree rather than listed again here.</summary>
    public IEnumerable<RandomPassword> Secrets =>
        Tenants.Cast<ComponentResource>().Prepend(Backbone).Prepend(Ingress).Append(Monitoring)
            .Concat(Edge is null ? [] : [Edge]).SelectMany(Descendants).OfType<RandomPassword>();

    private static IEnumerable<Resource> Descendants(ComponentResource component) =>
        component.Children.SelectMany(c => c is ComponentResource child ? Descendants(child).Prepend(c) : [c]);

    /// <summary>A tenant's network in the multi-tenant variant: the prefix keeps every tenant name off the seed's networks.</summary>
    public static string TenantNetwork(string tenant) => $"tenant_{tenant}_net";

    /// <summary>A tenant's internal network to embed-service (multi-tenant variant).</summary>
    public static string TenantEmbedNetwork(string tenant) => $"tenant_{tenant}_embed_net";

    /// <summary>The standard variant's workflow network, the architecture document's azoth_net.</summary>
    public const string WorkflowNetwork = "azoth_net";

    public static StackTopology Build(StackRoot root, StackSettings settings, IReadOnlyDictionary<string, HostPort> ports, BrickEnvironment env)
    {
        var multi = settings.MultiTenant;
        var sites = settings.Caddy.Enabled ? new PublicSites(settings.Caddy.PublicDomain) : null;
        var ingress = new Ingress("ingress", env, root);
        var tenants = multi
            ? settings.Tenants.Select(t => new TenantStack(t, new TenantArgs
            {
                NetworkName = TenantNetwork(t),
                EmbedNetworkName = TenantEmbedNetwork(t),
                OwnDataServices = true,
                PrefixNames = true,
                Ports = env.Swarm is not null ? new Dictionary<string, HostPort>()
                    : settings.TenantSettings[t].Ports.ToDictionary(kv => kv.Key, kv => new HostPort(kv.Value.HostIp, kv.Value.HostPort)),
                Sites = sites,
                N8nWorkers = settings.TenantSettings[t].N8nWorkers,
            }, env, root)).ToList()
            : [new TenantStack("azoth", new TenantArgs { NetworkName = WorkflowNetwork, Ports = ports, Sites = sites, N8nWorkers = settings.N8nWorkers }, env, root)];
        var backbone = new DataBackbone("data", new DataBackboneArgs
        {
            WithStatefulServices = !multi,
            KoffNetwork = ingress.KoffNetwork,
            WorkflowNetwork = multi ? null : tenants[0].Network,
            TenantNetworks = multi ? tenants.Select(t => t.Network).ToList() : [],
            Ports = ports,
        }, env, root);
        var ingressServices = IngressServices.Create(ingress, new IngressArgs
        {
            GroqApiKey = Input<string>.Secret(Secret.Reveal(settings.GroqApiKey)?.GetValue<string>() ?? ""),
            GroqBaseUrl = settings.GroqBaseUrl,
            QdrantUrl = backbone.QdrantUrl,
            QdrantApiKey = backbone.QdrantApiKey.Result,
            Ports = ports,
            DeclareMetrics = !multi,
            EmbedClientNetworks = tenants.Select(t => t.EmbedNetwork).OfType<Network>().ToList(),
        }, env);
        // n8n reaches Qdrant over the tenant's network (shared) or backbone_net, and embed-service over the tenant's
        // own embed network or, in the standard variant, koff_net, where neither Postgres nor Redis is.
        var n8ns = tenants
            .Select(t => multi
                ? TenantN8n.Create(t, t.Data ?? throw new InvalidOperationException($"tenant {t.Tenant} has no data services"), [], [t.EmbedNetwork!], env)
                : TenantN8n.Create(t, backbone.Stateful ?? throw new InvalidOperationException("the backbone has no data services"),
                    [backbone.Network], [ingress.KoffNetwork], env))
            .ToList();

        var monitoring = new Monitoring("monitoring", new MonitoringArgs
        {
            Endpoints = [.. backbone.MetricsEndpoints, .. n8ns.SelectMany(n => n.MetricsEndpoints), .. ingressServices.MetricsEndpoints],
            IngressNetwork = ingress.Network,
            Ports = ports,
        }, env, root);

        List<Route> routes = [.. tenants.Select(t => t.Route), .. ingressServices.Routes, monitoring.Route];
        routes = routes.Where(r => settings.Caddy.Routes.Contains(r.Service)).ToList();
        var caddy = sites is null ? null : new CaddyEdge("edge", new CaddyEdgeArgs
        {
            Sites = sites,
            Email = settings.Caddy.Email,
            Routes = routes,
            Users = settings.Caddy.Users.ToDictionary(u => u.Key, u => Secret.Reveal(u.Value)?.GetValue<string>() ?? ""),
            IngressNetwork = ingress.Network,
            Http = new HostPort(settings.Caddy.BindAddress, settings.Caddy.HttpPort),
            Https = new HostPort(settings.Caddy.BindAddress, settings.Caddy.HttpsPort),
            InternalTls = settings.Caddy.Tls == "internal",
        }, env, root);

        return new StackTopology
        {
            Ingress = ingress, IngressServices = ingressServices, Backbone = backbone, Tenants = tenants, N8ns = n8ns,
            Monitoring = monitoring, Edge = caddy,
        };
    }
}
