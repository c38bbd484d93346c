using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Components.Catalog;
using Infra.Engine;
using Infra.Engine.Config;
using Infra.Engine.Properties;

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
    ];
    /// <summary>Tenants whose network name (<c>t_net</c>) is a shared network's (koff_net is tenant koff's by design).</summary>
    private static readonly HashSet<string> SharedNetworkTenants = ["ingress", "backbone", "monitoring"];
    private static readonly HashSet<string> CaddyKeys = ["enabled", "publicDomain", "email", "users", "bindAddress", "httpPort", "httpsPort", "tls"];

    [GeneratedRegex("^[a-z][a-z0-9]{1,19}$")]
    private static partial Regex TenantName();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$|^$")]
    private static partial Regex Prefix();

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
        var settings = new StackSettings
        {
            Docker = new DockerHostSettings
            {
                Host = String("docker:host"),
                CertPath = String("docker:certPath"),
                SshOpts = StringList("docker:sshOpts") ?? [],
            },
            NamePrefix = String("infra:namePrefix") is { } p && Check(Prefix().IsMatch(p), "infra:namePrefix", "must be letters, digits, '_', '.' or '-'") ? p : "",
            MultiTenant = Bool("infra:multiTenant") ?? false,
            Tenants = tenants,
            Images = Images(),
            Ports = ports,
            Caddy = caddy,
            GroqApiKey = RequiredSecret("infra:groqApiKey"),
            GroqBaseUrl = String("infra:groqBaseUrl") ?? "https://api.groq.com/openai/v1",
            Preflight = Bool("infra:preflight") ?? true,
            HealthTimeoutSeconds = Int("infra:healthTimeoutSeconds", 5, 3600) ?? 180,
            ProbeImage = String("infra:probeImage") ?? "busybox:1.36",
        };
        CheckPortClashes(settings);
        if (settings.Caddy.Enabled && settings.Caddy.Users.Count == 0)
            Error("infra:caddy.users", "the edge needs at least one user: n8n has no authentication of its own (set one with `infra config set --secret --path infra:caddy.users.admin <password>`)");
        if (_errors.Count > 0) throw new ConfigException(string.Join(Environment.NewLine, _errors));
        return settings;
    }

    private void Error(string key, string message) => _errors.Add($"{_config.Path}: {key}: {message}");

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

    private IReadOnlyList<string>? StringList(string key)
    {
        var node = Value(key);
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
            Error(key, $"missing required secret (set it with `infra config set --secret {key} <value>`)");
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
        foreach (var t in list.Where(SharedNetworkTenants.Contains))
            Error("infra:tenants", $"tenant '{t}' is not allowed: its network {t}_net is a shared network of the stack");
        return list;
    }

    private IReadOnlyDictionary<string, string> Images()
    {
        var result = new Dictionary<string, string>(Defaults.Images);
        foreach (var (service, node) in Map("infra:images") ?? [])
        {
            var key = $"infra:images.{service}";
            if (!Defaults.Images.ContainsKey(service)) { Error(key, $"unknown service (known: {string.Join(", ", Defaults.Images.Keys)})"); continue; }
            var image = AsString(node, key) ?? "";
            if (Check(image.Length > 0 && !image.Any(char.IsWhiteSpace), key, "must be an image reference such as postgres:17"))
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

    /// <summary>A number (loopback), "ip:port", or false/"off"/0 for not published.</summary>
    private PublishedPort? ParsePort(JsonNode? node, string key)
    {
        switch (node)
        {
            case null: return null;
            case JsonValue v when v.TryGetValue<bool>(out var b) && !b: return null;
            case JsonValue v when v.TryGetValue<long>(out var l):
                if (l == 0) return null;
                return Check(l is > 0 and <= 65535, key, "port must be between 1 and 65535") ? new PublishedPort("127.0.0.1", (int)l) : null;
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (s is "off" or "false" or "0") return null;
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

    private CaddySettings Caddy()
    {
        var map = Map("infra:caddy");
        if (map is null) return new CaddySettings();
        foreach (var k in map.Select(kv => kv.Key).Where(k => !CaddyKeys.Contains(k))) Error($"infra:caddy.{k}", "unknown key");
        var users = new Dictionary<string, JsonNode>();
        if (map["users"] is JsonObject u)
            foreach (var (name, pw) in u)
            {
                if (Check(Secret.IsSecret(pw), $"infra:caddy.users.{name}", "password must be a secret (infra config set --secret --path)") && pw is not null)
                    users[name] = pw;
            }
        else if (map["users"] is not null) Error("infra:caddy.users", "must be a mapping of user name to secret password");
        var tls = AsString(map["tls"], "infra:caddy.tls") ?? "acme";
        Check(tls is "acme" or "internal", "infra:caddy.tls", "must be acme or internal");
        return new CaddySettings
        {
            Enabled = AsBool(map["enabled"], "infra:caddy.enabled") ?? false,
            PublicDomain = AsString(map["publicDomain"], "infra:caddy.publicDomain") ?? "YOUR_DOMAIN",
            Email = AsString(map["email"], "infra:caddy.email") ?? "YOUR_EMAIL",
            Users = users,
            BindAddress = AsString(map["bindAddress"], "infra:caddy.bindAddress") is { } ip && Check(IPAddress.TryParse(ip, out _), "infra:caddy.bindAddress", "must be an IP address") ? ip : "0.0.0.0",
            HttpPort = AsInt(map["httpPort"], "infra:caddy.httpPort", 1, 65535) ?? 80,
            HttpsPort = AsInt(map["httpsPort"], "infra:caddy.httpsPort", 1, 65535) ?? 443,
            Tls = tls,
        };
    }

    private void CheckPortClashes(StackSettings s)
    {
        // The multi-tenant variant publishes no n8n or Mosquitto (one per tenant): their ports cannot clash.
        var unused = s.MultiTenant
            ? ServiceCatalog.N8n.PublishedPorts.Concat(ServiceCatalog.Mosquitto.PublishedPorts).Select(p => p.Key).ToHashSet()
            : [];
        var all = s.Ports.Where(kv => !unused.Contains(kv.Key)).Select(kv => (Key: $"infra:ports.{kv.Key}", Port: kv.Value)).ToList();
        if (s.Caddy.Enabled)
        {
            all.Add(("infra:caddy.httpPort", new PublishedPort(s.Caddy.BindAddress, s.Caddy.HttpPort)));
            all.Add(("infra:caddy.httpsPort", new PublishedPort(s.Caddy.BindAddress, s.Caddy.HttpsPort)));
        }
        for (var i = 0; i < all.Count; i++)
            for (var j = i + 1; j < all.Count; j++)
                if (all[i].Port.HostPort == all[j].Port.HostPort && Overlap(all[i].Port.HostIp, all[j].Port.HostIp))
                    Error(all[j].Key, $"port {all[j].Port} clashes with {all[i].Key} ({all[i].Port})");
    }

    private static bool Overlap(string a, string b) => a == b || a is "0.0.0.0" or "::" || b is "0.0.0.0" or "::";
}
