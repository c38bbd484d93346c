using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Components.ServiceConfigs;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

public sealed record CaddyEdgeArgs
{
    public required PublicSites Sites { get; init; }
    public required string Email { get; init; }
    public required IReadOnlyList<Route> Routes { get; init; }
    /// <summary>Basic-auth users (name → plaintext password from the decrypted config), in front of every route.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();
    public required Network IngressNetwork { get; init; }
    public required HostPort Http { get; init; }
    public required HostPort Https { get; init; }
    /// <summary>Caddy's own CA instead of ACME (tests, private hosts).</summary>
    public bool InternalTls { get; init; }
}

/// <summary>
/// The optional public edge: Caddy on ingress_net plus the networks of the services it routes to, the only
/// container allowed to publish on a non-loopback address (80 and 443); every route asks for basic auth.
/// </summary>
public sealed class CaddyEdge : ComponentResource
{
    public const string TypeToken = "infra:bricks:CaddyEdge";

    public CaddyEdge(string name, CaddyEdgeArgs args, BrickEnvironment env, ComponentResource parent) : base(TypeToken, name, parent)
    {
        var service = ServiceCatalog.Caddy;
        var at = new Dictionary<string, HostPort> { [ServiceCatalog.EdgeHttp.Key] = args.Http, [ServiceCatalog.EdgeHttps.Key] = args.Https };
        Networks = [args.IngressNetwork, .. args.Routes.Select(r => r.Network).Where(n => n != args.IngressNetwork).Distinct()];
        var data = ServiceNetworks.DataVolume(service.Name, this, env);
        var config = ServiceNetworks.DataVolume(service.Name, this, env, "config");
        var caddyfile = Caddyfile.Render(env.Templates, args.Sites, args.Email, args.InternalTls, args.Routes, args.Users);
        Caddy = ServiceContainer.Create(service.Name, service, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, service),
            Command = ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"],
            // Secret: it holds the bcrypt hash of every user's password, which must not reach previews, comments or the state in clear.
            Files = [new ContainerFile { Path = "/etc/caddy/Caddyfile", Content = Input<string>.Secret(caddyfile), Mode = "0644" }],
            Networks = ServiceNetworks.On(service.Name, [.. Networks]),
            Ports = HostPublishing.Bindings(service.PublishedPorts, at),
            Mounts = [ServiceNetworks.Mount(data, "/data"), ServiceNetworks.Mount(config, "/config")],
            Healthcheck = service.Healthcheck,
        }, this, env);
        Published = HostPublishing.Services(service.PublishedPorts, at);
        SiteUrls = args.Routes.Select(r => args.Sites.Url(r.Subdomain)).ToList();
        RegisterOutput("sites", SiteUrls.ToArray());
    }

    public IReadOnlyList<Network> Networks { get; }
    public CustomResource Caddy { get; }
    public IReadOnlyList<PublishedService> Published { get; }
    /// <summary>The public URL of every routed site.</summary>
    public IReadOnlyList<string> SiteUrls { get; }
}
