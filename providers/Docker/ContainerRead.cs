using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Infra.Engine.Properties;
using Secret = Infra.Engine.Properties.Secret;

namespace Infra.Providers.Docker;

/// <summary>
/// Rebuilds a container's declared inputs from the live object. Only keys that were declared come
/// back, in the declared order, with what Docker adds on its own (image env, the short-id alias,
/// default networks) left out, so a container nobody touched reads back exactly as declared.
/// </summary>
public static class ContainerRead
{
    public static JsonObject Inputs(ContainerInspectResponse live, JsonObject declared)
    {
        var plain = Secret.RevealAll(declared);
        var read = (JsonObject)plain.DeepClone();
        var config = live.Config ?? new ContainerConfig();
        var host = live.HostConfig ?? new HostConfig();
        read["name"] = live.Name.TrimStart('/');
        read["image"] = config.Image;
        Set(read, "command", config.Cmd is null ? null : Strings(config.Cmd));
        Set(read, "entrypoint", config.Entrypoint is null ? null : Strings(config.Entrypoint));
        Set(read, "env", plain["env"] is JsonObject env ? Env(config.Env, env) : null);
        Set(read, "ports", plain["ports"] is JsonArray ports ? Ports(host.PortBindings, ports) : null);
        Set(read, "networks", plain["networks"] is JsonArray networks ? Networks(live, networks) : null);
        Set(read, "mounts", plain["mounts"] is JsonArray mounts ? Mounts(host.Mounts, mounts) : null);
        Set(read, "restart", ContainerCreation.RestartName(host.RestartPolicy?.Name));
        Set(read, "maxRetryCount", host.RestartPolicy?.MaximumRetryCount is > 0 and var n ? JsonValue.Create(n) : null);
        Set(read, "healthcheck", plain["healthcheck"] is JsonObject hc ? Healthcheck(config.Healthcheck, hc) : null);
        Set(read, "user", string.IsNullOrEmpty(config.User) ? null : JsonValue.Create(config.User));
        Set(read, "capAdd", Capabilities(host.CapAdd, plain["capAdd"] as JsonArray));
        Set(read, "capDrop", Capabilities(host.CapDrop, plain["capDrop"] as JsonArray));
        Set(read, "memoryBytes", host.Memory > 0 ? JsonValue.Create(host.Memory) : null);
        Set(read, "cpus", host.NanoCPUs > 0 ? JsonValue.Create(host.NanoCPUs / 1e9) : null);
        Set(read, "init", host.Init is { } init ? JsonValue.Create(init) : null);
        Set(read, "labels", InfraLabels.ReadDeclared(declared, config.Labels));
        read["running"] = live.State is { } state && (state.Running || state.Restarting);
        return read;
    }

    /// <summary>Writes a key only when it was declared: keys the program left out stay out.</summary>
    private static void Set(JsonObject read, string key, JsonNode? value)
    {
        if (read.ContainsKey(key)) read[key] = value;
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());

    private static JsonObject Env(IList<string>? live, JsonObject declared)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in live ?? [])
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) values[entry[..eq]] = entry[(eq + 1)..];
        }
        var result = new JsonObject();
        foreach (var (key, _) in declared)
            if (values.TryGetValue(key, out var v)) result[key] = v;
        return result;
    }

    private static JsonArray Ports(IDictionary<string, IList<PortBinding>>? bindings, JsonArray declared)
    {
        var live = new List<JsonObject>();
        foreach (var (key, list) in bindings ?? new Dictionary<string, IList<PortBinding>>())
        {
            var slash = key.IndexOf('/');
            var port = int.Parse(slash < 0 ? key : key[..slash], System.Globalization.CultureInfo.InvariantCulture);
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            foreach (var b in list)
            {
                var o = new JsonObject { ["internal"] = port };
                if (int.TryParse(b.HostPort, out var external) && external > 0) o["external"] = external;
                o["hostIp"] = string.IsNullOrEmpty(b.HostIP) ? "0.0.0.0" : b.HostIP;
                o["protocol"] = protocol;
                live.Add(o);
            }
        }
        return new JsonArray(DeclaredOrder.Arrange(live, declared.OfType<JsonObject>(), PortIdentity).Select(o => (JsonNode?)o).ToArray());
    }

    private static string PortIdentity(JsonObject p) => $"{p["internal"]}/{p["protocol"]}/{p["hostIp"]}/{p["external"]}";

    private static JsonArray Networks(ContainerInspectResponse live, JsonArray declared)
    {
        var declaredByName = declared.OfType<JsonObject>().ToDictionary(n => (string)n["name"]!, StringComparer.Ordinal) as IReadOnlyDictionary<string, JsonObject>;
        var entries = (live.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>()).Select(kv =>
        {
            var o = new JsonObject { ["name"] = kv.Key };
            var declaredAliases = declaredByName.GetValueOrDefault(kv.Key)?["aliases"] as JsonArray;
            var aliases = ContainerNetworks.UserAliases(kv.Value.Aliases, live);
            if (declaredAliases is not null || aliases.Count > 0)
                o["aliases"] = Strings(DeclaredOrder.Arrange(aliases, declaredAliases?.Select(a => (string)a!) ?? [], a => a));
            return o;
        });
        return new JsonArray(DeclaredOrder.Arrange(entries, declared.OfType<JsonObject>(), n => (string)n["name"]!).Select(o => (JsonNode?)o).ToArray());
    }

    private static JsonArray Mounts(IList<Mount>? live, JsonArray declared)
    {
        var declaredByTarget = declared.OfType<JsonObject>().ToDictionary(m => (string)m["target"]!, StringComparer.Ordinal) as IReadOnlyDictionary<string, JsonObject>;
        var entries = (live ?? []).Select(m =>
        {
            var o = new JsonObject { ["type"] = m.Type };
            if (!string.IsNullOrEmpty(m.Source)) o["source"] = m.Source;
            o["target"] = m.Target;
            if (m.ReadOnly == true || (m.Target is not null && declaredByTarget.TryGetValue(m.Target, out var d) ? d : null)?.ContainsKey("readOnly") == true) o["readOnly"] = m.ReadOnly ?? false;
            return o;
        });
        return new JsonArray(DeclaredOrder.Arrange(entries, declared.OfType<JsonObject>(), m => (string)m["target"]!).Select(o => (JsonNode?)o).ToArray());
    }

    private static JsonObject? Healthcheck(HealthcheckConfig? live, JsonObject declared)
    {
        if (live?.Test is not { Count: > 0 }) return null;
        var o = new JsonObject { ["test"] = Strings(live.Test) };
        if (declared.ContainsKey("intervalSeconds") || live.Interval is not null) o["intervalSeconds"] = live.Interval?.TotalSeconds;
        if (declared.ContainsKey("timeoutSeconds") || live.Timeout is not null) o["timeoutSeconds"] = live.Timeout?.TotalSeconds;
        if (declared.ContainsKey("startPeriodSeconds") || live.StartPeriod is not null) o["startPeriodSeconds"] = live.StartPeriod?.TotalSeconds;
        if (declared.ContainsKey("retries") || live.Retries is not null) o["retries"] = live.Retries;
        // Absent and zero both mean "Docker's default".
        foreach (var key in o.Where(kv => kv.Value is null || kv.Value is JsonValue v && v.TryGetValue<double>(out var d) && d == 0 && !declared.ContainsKey(kv.Key)).Select(kv => kv.Key).ToList())
            o.Remove(key);
        return o;
    }

    /// <summary>Compared without the CAP_ prefix and case, as Docker does; the declared spelling is kept when the sets match.</summary>
    private static JsonArray? Capabilities(IList<string>? live, JsonArray? declared)
    {
        if (live is not { Count: > 0 }) return declared is null ? null : [];
        static string Norm(string c) => (c.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? c[4..] : c).ToUpperInvariant();
        var liveSet = live.Select(Norm).ToHashSet();
        if (declared is not null && liveSet.SetEquals(declared.Select(c => Norm((string)c!)))) return (JsonArray)declared.DeepClone();
        return Strings(live);
    }
}
