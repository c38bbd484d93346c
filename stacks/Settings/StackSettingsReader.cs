using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Components.Catalog;
using Infra.Engine;
using Infra.Engine.Config;
using Infra.Engine.Properties;
using Infra.Providers.Docker;

namespace Infra.Stacks.Settings;

/// <summary>
/// Reads and validates a stack's config before anything is touched. Every problem is one line naming
/// the stack file and the key; all of them are reported at once.
/// </summary>
public sealed partial class StackSettingsReader
{
    private static readonly HashSet<string> KnownKeys =
    [
        "docker:host", "docker:certPath", "docker:sshOpts",
        "infra:namePrefix", "infra:multiTenant", "infra:tenants", "infra:images", "infra:ports", "infra:caddy",
        "infra:groqApiKey", "infra:groqBaseUrl", "infra:preflight", "infra:healthTimeoutSeconds", "infra:probeImage",
        "infra:n8nWorkers", "infra:tenantSettings", "infra:target", "infra:swarm",
    ];
    private static readonly HashSet<string> SwarmKeys = ["statefulLabel", "replicas"];
    private const int MaxReplicas = 32;

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]*=[a-zA-Z0-9_.-]+$")]
    private static partial Regex NodeLabelPattern();
    private static readonly HashSet<string> CaddyKeys = ["enabled", "publicDomain", "email", "users", "bindAddress", "httpPort", "httpsPort", "tls", "routes"];
    private static readonly HashSet<string> TenantKeys = ["ports", "n8nWorkers"];
    private const int MaxN8nWorkers = 16;

    [GeneratedRegex("^[a-z][a-z0-9]{1,19}$")]
    private static partial Regex TenantName();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$|^$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.IgnoreCase)]
    private static partial Regex DomainName();

    [GeneratedRegex(@"^[^@\s]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.IgnoreCase)]
    private static partial Regex EmailAddress();

    private readonly StackConfig _config;
    private readonly List<string> _errors = [];

    private StackSettingsReader(StackConfig config) => _config = config;

    public static StackSettings Read(StackConfig config) => new StackSettingsReader(config).Read();

    private StackSettings Read()
    {
        foreach (var key in _config.Keys.Where(k => !KnownKeys.Contains(k))) Error(key, "unknown key");
        var tenants = Tenants();
        var ports = Ports();
        var caddy = Caddy();
        var workers = Int("infra:n8nWorkers", 1, MaxN8nWorkers) ?? Defaults.N8nWorkers;
        var settings = new StackSettings
        {
            Docker = DockerHost(),
            NamePrefix = String("infra:namePrefix") is { } p && Check(Prefix().IsMatch(p), "infra:namePrefix", "must be letters, digits, '_', '.' or '-'") ? p : "",
            MultiTenant = Bool("infra:multiTenant") ?? false,
            Tenants = tenants,
            TenantSettings = ReadTenantSettings(tenants, workers),
            N8nWorkers = workers,
            Images = Images(),
            Ports = ports,
            Caddy = caddy,
            GroqApiKey = RequiredSecret("infra:groqApiKey"),
            GroqBaseUrl = String("infra:groqBaseUrl") ?? "https://api.groq.com/openai/v1",
            Preflight = Bool("infra:preflight") ?? true,
            HealthTimeoutSeconds = Int("infra:healthTimeoutSeconds", 5, 3600) ?? 180,
            ProbeImage = String("infra:probeImage") ?? "busybox:1.36",
            Target = Target(),
        };
        settings = settings with { Swarm = Swarm(settings.Target) };
        CheckPortClashes(settings);
        if (settings.Caddy.Enabled && settings.Caddy.Users.Count == 0)
            Error("infra:caddy.users", "the edge needs at least one user: n8n has no authentication of its own (set one with `infra config set --secret --path caddy.users.admin <password>`)");
        if (_errors.Count > 0) throw new ConfigException(string.Join(Environment.NewLine, _errors));
        return settings;
    }

    private void Error(string key, string message) => _errors.Add($"{_config.Path}: {_config.Shown(key)}: {message}");

    private bool Check(bool ok, string key, string message)
    {
        if (!ok) Error(key, message);
        return ok;
    }

    private JsonNode? Value(string key) => _config.Get(key);

    private string? String(string key) => AsString(Value(key), key);

    private string? AsString(JsonNode? node, string key)
    {
        switch (node)
        {
            case null: return null;
            case JsonValue v when v.TryGetValue<string>(out var s): return s;
            case JsonValue v when !Secret.IsSecret(v): return v.ToJsonString();
            default: Error(key, "must be a string"); return null;
        }
    }

    private bool? Bool(string key) => AsBool(Value(key), key);

    private bool? AsBool(JsonNode? node, string key)
    {
        switch (node)
        {
            case null: return null;
            case JsonValue v when v.TryGetValue<bool>(out var b): return b;
            case JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b): return b;
            default: Error(key, "must be true or false"); return null;
        }
    }

    private int? Int(string key, int min, int max) => AsInt(Value(key), key, min, max);

    private int? AsInt(JsonNode? node, string key, int min, int max)
    {
        int? value = node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue => (int)l,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
            _ => int.MinValue,
        };
        if (value is null) return null;
        if (value < min || value > max) { Error(key, $"must be a whole number between {min} and {max}"); return null; }
        return value;
    }

    private IReadOnlyList<string>? StringList(string key) => AsStringList(Value(key), key);

    private IReadOnlyList<string>? AsStringList(JsonNode? node, string key)
    {
        if (node is null) return null;
        if (node is not JsonArray a) { Error(key, "must be a list of strings"); return null; }
        return a.Select((item, i) => AsString(item, $"{key}[{i}]") ?? "").ToList();
    }

    private JsonObject? Map(string key)
    {
        var node = Value(key);
        if (node is null or JsonObject) return (JsonObject?)node;
        Error(key, "must be a mapping");
        return null;
    }

    private JsonNode RequiredSecret(string key)
    {
        var node = Value(key);
        if (node is null)
            Error(key, $"missing required secret (set it with `infra config set --secret {key[(key.IndexOf(':') + 1)..]} <value>`)");
        else if (!Secret.IsSecret(node))
            Error(key, $"must be a secret, not plain text (set it with `infra config set --secret {key} <value>`)");
        return node ?? Secret.Wrap(JsonValue.Create(""));
    }

    private IReadOnlyList<string> Tenants()
    {
        var list = StringList("infra:tenants");
        if (list is null) return Defaults.Tenants;
        if (list.Count == 0) Error("infra:tenants", "needs at least one tenant");
        foreach (var t in list)
            Check(TenantName().IsMatch(t), "infra:tenants", $"invalid tenant name '{t}' (lowercase letter first, then 1-19 lowercase letters or digits)");
        foreach (var dup in list.GroupBy(t => t).Where(g => g.Count() > 1)) Error("infra:tenants", $"tenant '{dup.Key}' is listed twice");
        return list;
    }

    /// <summary>
    /// Every tenant's settings: <c>infra:tenantSettings.&lt;tenant&gt;</c> over the defaults (tenant number i publishes
    /// n8n on 5678+i, Mosquitto on 1883+i, its TLS listener on 8883+i; as many workers as <c>infra:n8nWorkers</c>).
    /// </summary>
    private IReadOnlyDictionary<string, TenantSettings> ReadTenantSettings(IReadOnlyList<string> tenants, int workers)
    {
        var map = Map("infra:tenantSettings") ?? [];
        foreach (var (name, _) in map.Where(kv => !tenants.Contains(kv.Key)))
            Error($"infra:tenantSettings.{name}", $"not a tenant of {_config.Shown("infra:tenants")} ({string.Join(", ", tenants)})");
        var result = new Dictionary<string, TenantSettings>();
        for (var i = 0; i < tenants.Count; i++)
        {
            var tenant = tenants[i];
            var key = $"infra:tenantSettings.{tenant}";
            var ports = Defaults.TenantPortKeys.ToDictionary(k => k, k => Defaults.TenantPort(k, i + 1));
            var own = map[tenant];
            if (own is not null and not JsonObject) Error(key, "must be a mapping with ports and n8nWorkers");
            if (own is not JsonObject o) { result[tenant] = new TenantSettings(ports, workers); continue; }
            foreach (var k in o.Select(kv => kv.Key).Where(k => !TenantKeys.Contains(k))) Error($"{key}.{k}", "unknown key (known: ports, n8nWorkers)");
            if (o["ports"] is JsonObject p)
                foreach (var (portName, node) in p)
                {
                    var portKey = $"{key}.ports.{portName}";
                    if (!ports.ContainsKey(portName)) { Error(portKey, $"unknown port (known: {string.Join(", ", Defaults.TenantPortKeys)})"); continue; }
                    if (ParsePort(node, portKey) is { } port) ports[portName] = port;
                    else ports.Remove(portName);
                }
            else if (o["ports"] is not null) Error($"{key}.ports", "must be a mapping of port name to port");
            result[tenant] = new TenantSettings(ports, AsInt(o["n8nWorkers"], $"{key}.n8nWorkers", 1, MaxN8nWorkers) ?? workers);
        }
        return result;
    }

    private IReadOnlyDictionary<string, string> Images()
    {
        var result = new Dictionary<string, string>(Defaults.Images);
        foreach (var (service, node) in Map("infra:images") ?? [])
        {
            var key = $"infra:images.{service}";
            if (!Defaults.Images.ContainsKey(service)) { Error(key, $"unknown service (known: {string.Join(", ", Defaults.Images.Keys)})"); continue; }
            var image = AsString(node, key) ?? "";
            if (Check(ImageReferenceGrammar.IsValid(image), key, $"'{image}' is not an image reference such as postgres:17 or ghcr.io/org/name:tag (lowercase name, then :tag and/or @sha256:digest)"))
                result[service] = image;
        }
        return result;
    }

    private IReadOnlyDictionary<string, PublishedPort> Ports()
    {
        var result = new Dictionary<string, PublishedPort>(Defaults.Ports);
        foreach (var (name, node) in Map("infra:ports") ?? [])
        {
            var key = $"infra:ports.{name}";
            if (!Defaults.Ports.ContainsKey(name)) { Error(key, $"unknown port (known: {string.Join(", ", Defaults.Ports.Keys)})"); continue; }
            var port = ParsePort(node, key);
            if (port is null) result.Remove(name);
            else result[name] = port;
        }
        return result;
    }

    /// <summary>A number (loopback), "ip:port", or false/"off" for not published; 0 is refused (it would be any free port, not off).</summary>
    private PublishedPort? ParsePort(JsonNode? node, string key)
    {
        switch (node)
        {
            case null: return null;
            case JsonValue v when v.TryGetValue<bool>(out var b) && !b: return null;
            case JsonValue v when v.TryGetValue<long>(out var l):
                return Check(l is > 0 and <= 65535, key, "port must be between 1 and 65535 (off: not published)") ? new PublishedPort("127.0.0.1", (int)l) : null;
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (s is "off" or "false") return null;
                var i = s.LastIndexOf(':');
                var ipText = i > 0 ? s[..i].Trim('[', ']') : "127.0.0.1";
                if (!IPAddress.TryParse(ipText, out _)) { Error(key, $"'{s}' is not a port or ip:port"); return null; }
                if (!int.TryParse(i > 0 ? s[(i + 1)..] : s, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                { Error(key, $"'{s}': port must be between 1 and 65535"); return null; }
                return new PublishedPort(ipText, port);
            default:
                Error(key, "must be a port number, \"ip:port\" or off");
                return null;
        }
    }

    /// <summary><c>docker:*</c>: an address the connection can use and, when given, a folder with the TLS files, checked before any host is reached.</summary>
    private DockerHostSettings DockerHost()
    {
        var host = String("docker:host");
        var certPath = String("docker:certPath");
        if (host is not null && DockerHostAddress.ProblemWithHost(host) is { } hostProblem) Error("docker:host", hostProblem);
        if (certPath is not null && DockerHostAddress.ProblemWithCertificates(certPath) is { } certProblem) Error("docker:certPath", certProblem);
        return new DockerHostSettings { Host = host, CertPath = certPath, SshOpts = StringList("docker:sshOpts") ?? [] };
    }

    private CaddySettings Caddy()
    {
        var map = Map("infra:caddy");
        if (map is null) return new CaddySettings();
        foreach (var k in map.Select(kv => kv.Key).Where(k => !CaddyKeys.Contains(k))) Error($"infra:caddy.{k}", "unknown key");
        var users = new Dictionary<string, JsonNode>();
        if (map["users"] is JsonObject u)
            foreach (var (name, pw) in u)
            {
                if (Check(Secret.IsSecret(pw), $"infra:caddy.users.{name}", "password must be a secret (infra config set --secret --path caddy.users.<name> <password>)") && pw is not null)
                    users[name] = pw;
            }
        else if (map["users"] is not null) Error("infra:caddy.users", "must be a mapping of user name to secret password");
        var tls = AsString(map["tls"], "infra:caddy.tls") ?? "acme";
        Check(tls is "acme" or "internal", "infra:caddy.tls", "must be acme or internal");
        var enabled = AsBool(map["enabled"], "infra:caddy.enabled") ?? false;
        var domain = AsString(map["publicDomain"], "infra:caddy.publicDomain") ?? "YOUR_DOMAIN";
        var email = AsString(map["email"], "infra:caddy.email") ?? "YOUR_EMAIL";
        var routes = map["routes"] is null ? Defaults.EdgeRoutes : AsStringList(map["routes"], "infra:caddy.routes") ?? [];
        if (enabled)
        {
            // The edge asks Let's Encrypt for certificates in these names: a placeholder must stop the run, not reach ACME.
            Check(!domain.Contains("YOUR_", StringComparison.Ordinal) && DomainName().IsMatch(domain), "infra:caddy.publicDomain",
                $"'{domain}' is not a domain name of yours (set it with `infra config set --path caddy.publicDomain example.org`)");
            Check(!email.Contains("YOUR_", StringComparison.Ordinal) && EmailAddress().IsMatch(email), "infra:caddy.email",
                $"'{email}' is not an e-mail address (Let's Encrypt writes to it; set it with `infra config set --path caddy.email you@example.org`)");
        }
        var routable = ServiceCatalog.All.Where(svc => svc.Subdomain is not null).Select(svc => svc.Name).ToList();
        foreach (var route in routes.Where(r => !routable.Contains(r)))
            Error("infra:caddy.routes", $"unknown service '{route}' (the edge routes to: {string.Join(", ", routable)})");
        foreach (var dup in routes.GroupBy(r => r).Where(g => g.Count() > 1)) Error("infra:caddy.routes", $"'{dup.Key}' is listed twice");
        return new CaddySettings
        {
            Enabled = enabled,
            PublicDomain = domain,
            Email = email,
            Routes = routes,
            Users = users,
            BindAddress = AsString(map["bindAddress"], "infra:caddy.bindAddress") is { } ip && Check(IPAddress.TryParse(ip, out _), "infra:caddy.bindAddress", "must be an IP address") ? ip : "0.0.0.0",
            HttpPort = AsInt(map["httpPort"], "infra:caddy.httpPort", 1, 65535) ?? 80,
            HttpsPort = AsInt(map["httpsPort"], "infra:caddy.httpsPort", 1, 65535) ?? 443,
            Tls = tls,
        };
    }

    private DeployTarget Target() => String("infra:target") switch
    {
        null or "single-host" => DeployTarget.SingleHost,
        "swarm" => DeployTarget.Swarm,
        var other => Fail(other),
    };

    private DeployTarget Fail(string target)
    {
        Error("infra:target", $"must be single-host or swarm, not '{target}'");
        return DeployTarget.SingleHost;
    }

    private SwarmSettings Swarm(DeployTarget target)
    {
        var map = Map("infra:swarm");
        if (map is null) return new SwarmSettings();
        if (target != DeployTarget.Swarm) { Error("infra:swarm", "is only read with infra:target: swarm"); return new SwarmSettings(); }
        foreach (var k in map.Select(kv => kv.Key).Where(k => !SwarmKeys.Contains(k))) Error($"infra:swarm.{k}", "unknown key");
        var text = AsString(map["statefulLabel"], "infra:swarm.statefulLabel");
        var label = text is null ? SwarmSettings.DefaultStatefulLabel
            : Check(NodeLabelPattern().IsMatch(text), "infra:swarm.statefulLabel", $"'{text}' is not a node label like {SwarmSettings.DefaultStatefulLabel}")
                ? new NodeLabel(text.Split('=', 2)[0], text.Split('=', 2)[1])
                : SwarmSettings.DefaultStatefulLabel;
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        if (map["replicas"] is JsonObject r)
            foreach (var (service, count) in r)
            {
                var key = $"infra:swarm.replicas.{service}";
                var spec = ServiceCatalog.Find(service);
                if (spec is null) { Error(key, $"unknown service (services: {string.Join(", ", ServiceCatalog.All.Select(x => x.Name))})"); continue; }
                if (spec == ServiceCatalog.N8nWorker) { Error(key, "set the workers with infra:n8nWorkers (per tenant: infra:tenantSettings.<tenant>.n8nWorkers)"); continue; }
                if (AsInt(count, key, 0, MaxReplicas) is not { } n) continue;
                if (spec.KeepsData && n != 1)
                    Error(key, $"{service} keeps its data in a volume on the node labelled {label}: it runs as one replica, not {n}");
                else replicas[service] = n;
            }
        else if (map["replicas"] is not null) Error("infra:swarm.replicas", "must be a mapping of service name to a number of replicas");
        return new SwarmSettings { StatefulLabel = label, Replicas = replicas };
    }

    private void CheckPortClashes(StackSettings s)
    {
        // A swarm publishes none of these (only the edge, on 80/443).
        if (s.Target == DeployTarget.Swarm) return;
        // In the multi-tenant variant n8n and Mosquitto are published per tenant, not under infra:ports.
        var unused = s.MultiTenant ? Defaults.TenantPortKeys.ToHashSet() : [];
        var all = s.Ports.Where(kv => !unused.Contains(kv.Key)).Select(kv => (Key: $"infra:ports.{kv.Key}", Port: kv.Value)).ToList();
        if (s.Caddy.Enabled)
        {
            all.Add(("infra:caddy.httpPort", new PublishedPort(s.Caddy.BindAddress, s.Caddy.HttpPort)));
            all.Add(("infra:caddy.httpsPort", new PublishedPort(s.Caddy.BindAddress, s.Caddy.HttpsPort)));
        }
        if (s.MultiTenant)
            all.AddRange(s.TenantSettings.SelectMany(t => t.Value.Ports.Select(p => (Key: $"infra:tenantSettings.{t.Key}.ports.{p.Key}", Port: p.Value))));
        for (var i = 0; i < all.Count; i++)
            for (var j = i + 1; j < all.Count; j++)
                if (all[i].Port.HostPort == all[j].Port.HostPort && Overlap(all[i].Port.HostIp, all[j].Port.HostIp))
                    Error(all[j].Key, $"port {all[j].Port} clashes with {_config.Shown(all[i].Key)} ({all[i].Port})");
    }

    private static bool Overlap(string a, string b) => a == b || a is "0.0.0.0" or "::" || b is "0.0.0.0" or "::";
}
