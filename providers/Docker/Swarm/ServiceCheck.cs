using System.Text.Json.Nodes;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>Validates service inputs and writes their defaults in, so state and refresh compare like with like.</summary>
public static class ServiceCheck
{
    public static CheckResult Run(CheckRequest request)
    {
        var inputs = DeclaredInputs.WithDefaultName(request.News, request.Urn);
        inputs["replicas"] ??= 1;
        inputs["endpointMode"] ??= "vip";
        foreach (var port in (inputs["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "tcp";
            port["mode"] ??= "ingress";
        }
        ContainerCheck.WithMountAndFileDefaults(inputs);
        if (!DeclaredInputs.TryRead<ServiceArgs>(inputs, out var args, out var error)) return new CheckResult(inputs, null, [error]);
        return new CheckResult(inputs, null, Validate(args!).ToList());
    }

    private static IEnumerable<string> Validate(ServiceArgs a)
    {
        if (!ObjectNames.IsValid(a.Name)) yield return $"service name '{a.Name}' is not a valid Docker name";
        if (a.Name is { Length: > 63 }) yield return $"service name '{a.Name}' is longer than 63 characters";
        if (string.IsNullOrWhiteSpace(a.Image)) yield return "image is required";
        else if (!ImageReferenceGrammar.IsValid(a.Image)) yield return $"image '{a.Image}' is not a valid image reference";
        if (a.Replicas < 0) yield return $"replicas must not be negative, not {a.Replicas}";
        foreach (var p in a.Ports ?? [])
        {
            if (p.Target is < 1 or > 65535) yield return $"port {p.Target} is not between 1 and 65535";
            if (p.Published is < 1 or > 65535) yield return $"published port {p.Published} is not between 1 and 65535";
            if (p.Protocol is not ("tcp" or "udp")) yield return $"port {p.Target}: protocol must be tcp or udp, not '{p.Protocol}'";
            if (p.Mode is not ("ingress" or "host")) yield return $"port {p.Target}: mode must be ingress or host, not '{p.Mode}'";
            if (p.Mode == "ingress" && a.EndpointMode == "dnsrr") yield return $"port {p.Target}: a dnsrr service has no routing mesh; publish it in mode host";
        }
        if (a.EndpointMode is not ("vip" or "dnsrr")) yield return $"endpointMode must be vip or dnsrr, not '{a.EndpointMode}'";
        foreach (var m in a.Mounts ?? [])
        {
            if (m.Type is not ("volume" or "tmpfs")) yield return $"mount {m.Target}: a service mounts a volume or a tmpfs, not a '{m.Type}' (a host path differs from node to node)";
            if (!m.Target.StartsWith('/')) yield return $"mount target '{m.Target}' must be an absolute path";
            if (m.Type == "volume" && m.Source is null) yield return $"mount {m.Target}: a volume mount needs a source";
        }
        foreach (var f in a.Files ?? [])
        {
            if (!f.Path.StartsWith('/') || f.Path.EndsWith('/')) yield return $"file path '{f.Path}' must be an absolute file path";
            if (!ContainerCheck.IsOctalMode(f.Mode)) yield return $"file {f.Path}: mode '{f.Mode}' is not octal like 0640";
        }
        if (a.UpdateOrder is not (null or "start-first" or "stop-first")) yield return $"updateOrder must be start-first or stop-first, not '{a.UpdateOrder}'";
        if (a.Healthcheck is { Test.Count: 0 }) yield return "healthcheck.test must not be empty";
    }
}
