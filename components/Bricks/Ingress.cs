using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

public sealed record IngressArgs
{
    /// <summary>The Groq API key (a secret from the stack config).</summary>
    public required Input<string> GroqApiKey { get; init; }
    public required string GroqBaseUrl { get; init; }
    public IReadOnlyDictionary<string, HostPort> Ports { get; init; } = new Dictionary<string, HostPort>();
    /// <summary>ai-proxy and embed-service declare their /metrics (the standard variant's Prometheus reaches koff_net).</summary>
    public bool DeclareMetrics { get; init; } = true;
}

/// <summary>
/// ingress_net (the internal façade) and koff_net, with ai-proxy, embed-service, jeux-text and Strudel.
/// Built in two steps: the networks first (the data services join koff_net), then the services.
/// </summary>
public sealed class Ingress : ComponentResource
{
    public const string TypeToken = "infra:bricks:Ingress";
    private readonly BrickEnvironment _env;

    public Ingress(string name, BrickEnvironment env, ComponentResource parent) : base(TypeToken, name, parent)
    {
        _env = env;
        Network = ServiceNetworks.Create("ingress_net", false, this, env);
        KoffNetwork = ServiceNetworks.Create("koff_net", false, this, env);
        RegisterOutput("network", Network.NetworkName);
        RegisterOutput("koffNetwork", KoffNetwork.NetworkName);
    }

    public Network Network { get; }
    public Network KoffNetwork { get; }
    public IReadOnlyList<MetricsEndpoint> MetricsEndpoints { get; private set; } = [];
    public IReadOnlyList<PublishedService> Published { get; private set; } = [];
    public IReadOnlyList<Route> Routes { get; private set; } = [];

    public void AddServices(IngressArgs args, Input<string> qdrantUrl, Input<string> qdrantApiKey)
    {
        var ports = args.Ports;
        AiProxy = Service("ai-proxy", 8080, ports, [Network, KoffNetwork], new Dictionary<string, Input<string>>
        {
            ["GROQ_API_KEY"] = args.GroqApiKey,
            ["GROQ_BASE_URL"] = args.GroqBaseUrl,
            ["PORT"] = "8080",
        });
        EmbedService = Service("embed-service", 8000, ports, [Network, KoffNetwork], new Dictionary<string, Input<string>>
        {
            ["QDRANT_URL"] = qdrantUrl,
            ["QDRANT_API_KEY"] = qdrantApiKey,
            ["PORT"] = "8000",
        });
        JeuxText = Service("jeux-text", 3001, ports, [Network], new Dictionary<string, Input<string>> { ["PORT"] = "3001" });
        Strudel = Service("strudel", 4321, ports, [Network], new Dictionary<string, Input<string>> { ["PORT"] = "4321" });

        if (args.DeclareMetrics)
            MetricsEndpoints =
            [
                new("ai-proxy", _env.Names.Container("ai-proxy"), 8080, "/metrics", [KoffNetwork, Network]),
                new("embed-service", _env.Names.Container("embed-service"), 8000, "/metrics", [KoffNetwork, Network]),
            ];
        Published = DataServices.PublishedOf(ports, "ai-proxy", "embed-service", "jeux-text", "strudel");
        Routes =
        [
            new("ai", $"{_env.Names.Container("ai-proxy")}:8080", Network),
            new("jeux", $"{_env.Names.Container("jeux-text")}:3001", Network),
            new("strudel", $"{_env.Names.Container("strudel")}:4321", Network),
        ];
    }

    public Container? AiProxy { get; private set; }
    public Container? EmbedService { get; private set; }
    public Container? JeuxText { get; private set; }
    public Container? Strudel { get; private set; }

    private Container Service(string name, int port, IReadOnlyDictionary<string, HostPort> ports, Network[] networks,
        IReadOnlyDictionary<string, Input<string>> environment) =>
        ServiceContainer.Create(name, name, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(_env, name),
            Env = environment,
            Networks = ServiceNetworks.On(name, networks),
            Ports = DataServices.Publish(ports, (name, port)),
            Healthcheck = ServiceContainer.WgetHttp(port, "/healthz"),
        }, this, _env);
}
