using System.Text.Json.Nodes;
using Infra.Providers.Docker;

namespace Infra.Stacks.Settings;

/// <summary>Everything a stack's config says, validated and with defaults applied.</summary>
public sealed record StackSettings
{
    public DockerHostSettings Docker { get; init; } = new();
    public string NamePrefix { get; init; } = "";
    public bool MultiTenant { get; init; }
    public IReadOnlyList<string> Tenants { get; init; } = Defaults.Tenants;
    /// <summary>Per tenant of the multi-tenant variant (every one of <see cref="Tenants"/>): its ports and workers, defaults applied.</summary>
    public IReadOnlyDictionary<string, TenantSettings> TenantSettings { get; init; } = new Dictionary<string, TenantSettings>();
    /// <summary>n8n queue workers per n8n (1–16).</summary>
    public int N8nWorkers { get; init; } = Defaults.N8nWorkers;
    public IReadOnlyDictionary<string, string> Images { get; init; } = Defaults.Images;
    /// <summary>Service port name → where it is published on the host; absent means not published.</summary>
    public IReadOnlyDictionary<string, PublishedPort> Ports { get; init; } = Defaults.Ports;
    public CaddySettings Caddy { get; init; } = new();
    /// <summary>The Groq API key, a secret wrapper (never plaintext here).</summary>
    public required JsonNode GroqApiKey { get; init; }
    public string GroqBaseUrl { get; init; } = "https://api.groq.com/openai/v1";
    public bool Preflight { get; init; } = true;
    /// <summary>Seconds to wait for each container to become healthy.</summary>
    public int HealthTimeoutSeconds { get; init; } = 180;
    /// <summary>The image <c>infra verify</c> runs its network probes in (needs bash or busybox nc).</summary>
    public string ProbeImage { get; init; } = "busybox:1.36";
    /// <summary>Where the stack runs: one Docker host (default) or a Docker Swarm (<c>infra:target: swarm</c>).</summary>
    public DeployTarget Target { get; init; } = DeployTarget.SingleHost;
    public SwarmSettings Swarm { get; init; } = new();
}

public enum DeployTarget { SingleHost, Swarm }

/// <summary><c>infra:swarm</c>: the node label that pins the stateful services, and replicas of the stateless ones.</summary>
public sealed record SwarmSettings
{
    public static readonly NodeLabel DefaultStatefulLabel = new("infra.stateful", "true");
    public NodeLabel StatefulLabel { get; init; } = DefaultStatefulLabel;
    /// <summary>Catalog service name → replicas (stateless services only).</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();
}

public sealed record DockerHostSettings
{
    public string? Host { get; init; }
    public string? CertPath { get; init; }
    public IReadOnlyList<string> SshOpts { get; init; } = [];
}

public sealed record PublishedPort(string HostIp, int HostPort)
{
    public override string ToString() => $"{HostIp}:{HostPort}";
}

/// <summary>One tenant's own settings: where its n8n and Mosquitto are published, how many n8n workers it runs.</summary>
public sealed record TenantSettings(IReadOnlyDictionary<string, PublishedPort> Ports, int N8nWorkers);

public sealed record CaddySettings
{
    public bool Enabled { get; init; }
    public string PublicDomain { get; init; } = "YOUR_DOMAIN";
    public string Email { get; init; } = "YOUR_EMAIL";
    /// <summary>Basic-auth users in front of every route: name → password (secret wrapper).</summary>
    public IReadOnlyDictionary<string, JsonNode> Users { get; init; } = new Dictionary<string, JsonNode>();
    public string BindAddress { get; init; } = "0.0.0.0";
    public int HttpPort { get; init; } = 80;
    public int HttpsPort { get; init; } = 443;
    /// <summary>"internal" uses Caddy's own CA (no ACME): for tests and private hosts.</summary>
    public string Tls { get; init; } = "acme";
    /// <summary>The services the edge routes to (catalog names with a subdomain); n8n means every tenant's n8n.</summary>
    public IReadOnlyList<string> Routes { get; init; } = Defaults.EdgeRoutes;
}
