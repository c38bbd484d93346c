using Infra.Components.Building;
using Infra.Components.ServiceConfigs;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

public sealed record CaddyEdgeArgs
{
    public required string PublicDomain { get; init; }
    public required string Email { get; init; }
    public required IReadOnlyList<Route> Routes { get; init; }
    /// <summary>Basic-auth users (name → plaintext password from the decrypted config) for routes that ask for it.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();
    public required Network IngressNetwork { get; init; }
    public HostPort Http { get; init; } = new("0.0.0.0", 80);
    public HostPort Https { get; init; } = new("0.0.0.0", 443);
    /// <summary>Caddy's own CA instead of ACME (tests, private hosts).</summary>
    public bool InternalTls { get; init; }
}

/// <summary>
/// The optional public edge: Caddy on ingress_net plus the networks of the services it routes to, the only
/// container allowed to publish on a non-loopback address (80 and 443).
/// </summary>
public sealed class CaddyEdge : ComponentResource
{
    public const string TypeToken = "infra:bricks:CaddyEdge";

    public CaddyEdge(string name, CaddyEdgeArgs args, BrickEnvironment env, ComponentResource parent) : base(TypeToken, name, parent)
    {
        Networks = [args.IngressNetwork, .. args.Routes.Select(r => r.Network).Where(n => n != args.IngressNetwork).Distinct()];
        var data = ServiceNetworks.DataVolume("caddy", this, env);
        var config = ServiceNetworks.DataVolume("caddy", this, env, "config");
        var caddyfile = Caddyfile.Render(env.Templates, args.PublicDomain, args.Email, args.InternalTls, args.Routes, args.Users);
        Caddy = ServiceContainer.Create("caddy", "caddy", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, "caddy"),
            Command = ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"],
            Files = [new ContainerFile { Path = "/etc/caddy/Caddyfile", Content = caddyfile, Mode = "0644" }],
            Networks = ServiceNetworks.On("caddy", [.. Networks]),
            Ports = [ServiceContainer.Publish(80, args.Http), ServiceContainer.Publish(443, args.Https)],
            Mounts = [ServiceNetworks.Mount(data, "/data"), ServiceNetworks.Mount(config, "/config")],
            Healthcheck = ServiceContainer.WgetHttp(Caddyfile.HealthPort, "/"),
        }, this, env);
        Published = [new PublishedService("caddy-http", "http", args.Http), new PublishedService("caddy-https", "https", args.Https)];
        RegisterOutput("sites", args.Routes.Select(r => $"https://{r.Subdomain}.{args.PublicDomain}").ToArray());
    }

    public IReadOnlyList<Network> Networks { get; }
    public Container Caddy { get; }
    public IReadOnlyList<PublishedService> Published { get; }
}
