using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

public sealed record IngressArgs
{
    /// <summary>The Groq API key (a secret from the stack config).</summary>
    public required Input<string> GroqApiKey { get; init; }
    public required string GroqBaseUrl { get; init; }
    public required string QdrantUrl { get; init; }
    public required Input<string> QdrantApiKey { get; init; }
    public IReadOnlyDictionary<string, HostPort> Ports { get; init; } = new Dictionary<string, HostPort>();
    /// <summary>ai-proxy and embed-service declare their /metrics (the standard variant's Prometheus reaches koff_net).</summary>
    public bool DeclareMetrics { get; init; } = true;
    /// <summary>The tenants' own networks to embed-service, which it joins besides ingress_net and koff_net.</summary>
    public IReadOnlyList<Network> EmbedClientNetworks { get; init; } = [];
}

/// <summary>ai-proxy, embed-service, jeux-text and Strudel, in the <see cref="Ingress"/> brick on its networks.</summary>
public sealed record IngressServices(
    CustomResource AiProxy,
    CustomResource EmbedService,
    CustomResource JeuxText,
    CustomResource Strudel,
    IReadOnlyList<MetricsEndpoint> MetricsEndpoints,
    IReadOnlyList<PublishedService> Published,
    IReadOnlyList<Route> Routes)
{
    public static IngressServices Create(Ingress ingress, IngressArgs args, BrickEnvironment env)
    {
        Network[] both = [ingress.Network, ingress.KoffNetwork];
        var aiProxy = Service(ServiceCatalog.AiProxy, both, new Dictionary<string, Input<string>>
        {
            ["GROQ_API_KEY"] = args.GroqApiKey,
            ["GROQ_BASE_URL"] = args.GroqBaseUrl,
        });
        var embedService = Service(ServiceCatalog.EmbedService, [.. both, .. args.EmbedClientNetworks], new Dictionary<string, Input<string>>
        {
            ["QDRANT_URL"] = args.QdrantUrl,
            ["QDRANT_API_KEY"] = args.QdrantApiKey,
        });
        var jeuxText = Service(ServiceCatalog.JeuxText, [ingress.Network], new Dictionary<string, Input<string>>());
        var strudel = Service(ServiceCatalog.Strudel, [ingress.Network], new Dictionary<string, Input<string>>());

        IReadOnlyList<MetricsEndpoint> metrics = args.DeclareMetrics
            ? [Metrics(ServiceCatalog.AiProxy), Metrics(ServiceCatalog.EmbedService)]
            : [];
        ServiceSpec[] all = [ServiceCatalog.AiProxy, ServiceCatalog.EmbedService, ServiceCatalog.JeuxText, ServiceCatalog.Strudel];
        return new IngressServices(aiProxy, embedService, jeuxText, strudel, metrics,
            HostPublishing.Services(all.SelectMany(s => s.PublishedPorts), args.Ports),
            [Routed(ServiceCatalog.AiProxy), Routed(ServiceCatalog.JeuxText), Routed(ServiceCatalog.Strudel)]);

        CustomResource Service(ServiceSpec service, Network[] networks, Dictionary<string, Input<string>> environment)
        {
            environment["PORT"] = service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ServiceContainer.Create(service.Name, service, new ContainerArgs
            {
                Image = ServiceContainer.ImageOf(env, service),
                Env = environment,
                Networks = ServiceNetworks.On(service.Name, networks),
                Ports = HostPublishing.Bindings(service.PublishedPorts, args.Ports),
                Healthcheck = service.Healthcheck,
            }, ingress, env);
        }

        MetricsEndpoint Metrics(ServiceSpec service) =>
            MetricsEndpoint.Of(service, service.Name, env.Names.Container(service.Name), [ingress.KoffNetwork, ingress.Network]);

        Route Routed(ServiceSpec service) => Route.To(service, env.Names.Container(service.Name), ingress.Network);
    }
}
