using Infra.Components.Bricks;
using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Engine.Properties;
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
    public required DataBackbone Backbone { get; init; }
    public required IReadOnlyList<TenantStack> Tenants { get; init; }
    public required Monitoring Monitoring { get; init; }
    public CaddyEdge? Edge { get; init; }
    public required IReadOnlyList<Route> Routes { get; init; }

    public IEnumerable<PublishedService> Published =>
        Backbone.Published.Concat(Tenants.SelectMany(t => t.Published)).Concat(Ingress.Published).Concat(Monitoring.Published)
            .Concat(Edge?.Published ?? []);

    /// <summary>Every generated secret of the bricks, read from the resource tree rather than listed again here.</summary>
    public IEnumerable<RandomPassword> Secrets =>
        Tenants.Cast<ComponentResource>().Prepend(Backbone).Prepend(Ingress).Append(Monitoring)
            .Concat(Edge is null ? [] : [Edge]).SelectMany(Descendants).OfType<RandomPassword>();

    private static IEnumerable<Resource> Descendants(ComponentResource component) =>
        component.Children.SelectMany(c => c is ComponentResource child ? Descendants(child).Prepend(c) : [c]);

    public static StackTopology Build(StackRoot root, StackSettings settings, IReadOnlyDictionary<string, HostPort> ports, BrickEnvironment env)
    {
        var multi = settings.MultiTenant;
        var ingress = new Ingress("ingress", env, root);
        var tenantNames = multi ? settings.Tenants : ["azoth"];
        var tenants = tenantNames
            .Select(t => new TenantStack(t, new TenantArgs
            {
                OwnDataServices = multi,
                PrefixNames = multi,
                // Tenant koff's network is the seed's koff_net, which the ingress brick already declares.
                Network = $"{t}_net" == "koff_net" ? ingress.KoffNetwork : null,
            }, env, root))
            .ToList();
        var backbone = new DataBackbone("data", new DataBackboneArgs
        {
            WithStatefulServices = !multi,
            KoffNetwork = ingress.KoffNetwork,
            WorkflowNetwork = multi ? null : tenants[0].Network,
            TenantNetworks = multi ? tenants.Select(t => t.Network).ToList() : [],
            Ports = ports,
        }, env, root);
        ingress.AddServices(new IngressArgs
        {
            GroqApiKey = Input<string>.Secret(Secret.Reveal(settings.GroqApiKey)?.GetValue<string>() ?? ""),
            GroqBaseUrl = settings.GroqBaseUrl,
            Ports = ports,
            DeclareMetrics = !multi,
        }, $"http://{env.Names.Container("qdrant")}:6333", backbone.QdrantApiKey.Result);

        var edge = settings.Caddy.Enabled;
        foreach (var tenant in tenants)
        {
            var data = multi ? tenant.Data! : backbone.Stateful!;
            var subdomain = multi ? $"{tenant.Tenant}.n8n" : "n8n";
            tenant.AddN8n(data, multi ? [] : [backbone.Network], multi ? null : ports.GetValueOrDefault("n8n"),
                edge ? $"https://{subdomain}.{settings.Caddy.PublicDomain}/" : null);
        }

        var monitoring = new Monitoring("monitoring", new MonitoringArgs
        {
            Endpoints = [.. backbone.MetricsEndpoints, .. tenants.SelectMany(t => t.MetricsEndpoints), .. ingress.MetricsEndpoints],
            IngressNetwork = ingress.Network,
            Ports = ports,
        }, env, root);

        List<Route> routes = [.. tenants.Select(t => t.Route!), .. ingress.Routes, monitoring.Route];
        var caddy = edge ? new CaddyEdge("edge", new CaddyEdgeArgs
        {
            PublicDomain = settings.Caddy.PublicDomain,
            Email = settings.Caddy.Email,
            Routes = routes,
            Users = settings.Caddy.Users.ToDictionary(u => u.Key, u => Secret.Reveal(u.Value)?.GetValue<string>() ?? ""),
            IngressNetwork = ingress.Network,
            Http = new HostPort(settings.Caddy.BindAddress, settings.Caddy.HttpPort),
            Https = new HostPort(settings.Caddy.BindAddress, settings.Caddy.HttpsPort),
            InternalTls = settings.Caddy.Tls == "internal",
        }, env, root) : null;

        return new StackTopology { Ingress = ingress, Backbone = backbone, Tenants = tenants, Monitoring = monitoring, Edge = caddy, Routes = routes };
    }
}
