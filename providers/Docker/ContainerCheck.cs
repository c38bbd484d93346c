using System.Net;
using System.Text.Json.Nodes;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>Validates container inputs and writes their defaults in, so state and refresh compare like with like.</summary>
public static class ContainerCheck
{
    public const string DefaultHostIp = "127.0.0.1";
    private static readonly HashSet<string> RestartPolicies = ["no", "always", "unless-stopped", "on-failure"];

    public static CheckResult Run(CheckRequest request)
    {
        var inputs = Normalise(DeclaredInputs.WithDefaultName(request.News, request.Urn));
        if (!DeclaredInputs.TryRead<ContainerArgs>(inputs, out var args, out var error)) return new CheckResult(inputs, null, [error]);
        return new CheckResult(inputs, null, Validate(args!).ToList());
    }

    private static JsonObject Normalise(JsonObject inputs)
    {
        foreach (var port in (inputs["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["hostIp"] ??= DefaultHostIp;
            port["protocol"] ??= "tcp";
        }
        return WithMountAndFileDefaults(inputs);
    }

    /// <summary>Mounts are volumes and files 0644 unless declared otherwise (containers and swarm services alike).</summary>
    public static JsonObject WithMountAndFileDefaults(JsonObject inputs)
    {
        foreach (var mount in (inputs["mounts"] as JsonArray ?? []).OfType<JsonObject>()) mount["type"] ??= "volume";
        foreach (var file in (inputs["files"] as JsonArray ?? []).OfType<JsonObject>()) file["mode"] ??= "0644";
        return inputs;
    }

    private static IEnumerable<string> Validate(ContainerArgs a)
    {
        if (!ObjectNames.IsValid(a.Name)) yield return $"container name '{a.Name}' is not a valid Docker name";
        if (a.Image.IsLiteral && string.IsNullOrWhiteSpace(a.Image.Value)) yield return "image is required";
        foreach (var p in a.Ports ?? [])
        {
            if (p.Internal is < 1 or > 65535) yield return $"port {p.Internal} is not between 1 and 65535";
            if (p.External is < 1 or > 65535) yield return $"host port {p.External} is not between 1 and 65535";
            if (p.Protocol is not ("tcp" or "udp")) yield return $"port {p.Internal}: protocol must be tcp or udp, not '{p.Protocol}'";
            if (!IPAddress.TryParse(p.HostIp, out _)) yield return $"port {p.Internal}: host address '{p.HostIp}' is not an IP address";
        }
        foreach (var dup in (a.Ports ?? []).Where(p => p.External is not null).GroupBy(p => (p.External, p.HostIp, p.Protocol)).Where(g => g.Count() > 1))
            yield return $"host port {dup.Key.External}/{dup.Key.Protocol} on {dup.Key.HostIp} is published twice";
        foreach (var dup in (a.Networks ?? []).GroupBy(n => n.Name.ToString()).Where(g => g.Count() > 1 && g.Key != DeclaredInputs.UnknownText))
            yield return $"network '{dup.Key}' is listed twice";
        foreach (var m in a.Mounts ?? [])
        {
            if (m.Type is not ("volume" or "bind" or "tmpfs")) yield return $"mount {m.Target}: type must be volume, bind or tmpfs, not '{m.Type}'";
            if (!m.Target.StartsWith('/')) yield return $"mount target '{m.Target}' must be an absolute path";
            if (m.Type != "tmpfs" && m.Source is null) yield return $"mount {m.Target}: a {m.Type} mount needs a source";
        }
        foreach (var f in a.Files ?? [])
        {
            if (!f.Path.StartsWith('/') || f.Path.EndsWith('/')) yield return $"file path '{f.Path}' must be an absolute file path";
            if (!IsOctalMode(f.Mode)) yield return $"file {f.Path}: mode '{f.Mode}' is not octal like 0640";
        }
        if (a.Restart is not null && !RestartPolicies.Contains(a.Restart)) yield return $"restart must be one of no, always, unless-stopped, on-failure, not '{a.Restart}'";
        if (a.WaitHealthy == true && a.Healthcheck is null) yield return "waitHealthy needs a healthcheck";
        if (a.Healthcheck is { Test.Count: 0 }) yield return "healthcheck.test must not be empty";
        if (a.MemoryBytes is < 6 * 1024 * 1024) yield return "memoryBytes must be at least 6 MiB (Docker's minimum)";
        if (a.Cpus is <= 0) yield return "cpus must be positive";
    }

    public static bool IsOctalMode(string? mode)
    {
        if (mode is null || mode.Length is < 3 or > 4) return false;
        try
        {
            return Convert.ToInt32(mode, 8) <= Convert.ToInt32("7777", 8);
        }
        catch (FormatException) { return false; }
    }

    public static int ParseMode(string mode) => Convert.ToInt32(mode, 8);
}
