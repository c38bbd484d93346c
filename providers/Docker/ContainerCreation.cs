using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>Translates container arguments into the create call of the Engine API.</summary>
public static class ContainerCreation
{
    /// <summary>The start period's check cadence where the engine has one (API ≥ 1.44): Docker itself then says healthy within seconds.</summary>
    public static readonly TimeSpan HealthStartInterval = TimeSpan.FromSeconds(1);

    /// <param name="allNetworks">Attach every network at create (API ≥ 1.44); otherwise only the first.</param>
    /// <param name="healthStartInterval">Set the health check's start interval (API ≥ 1.44). Not an input: refresh does not read it back.</param>
    /// <param name="networkIds">The id to attach each network by (<see cref="SameNameNetworks.ResolveAsync"/>); a name missing here is passed as is.</param>
    public static CreateContainerParameters Parameters(ContainerArgs a, IDictionary<string, string> labels, bool allNetworks, bool healthStartInterval = false,
        IReadOnlyDictionary<string, string>? networkIds = null)
    {
        string Attach(ContainerNetwork n) => networkIds?.GetValueOrDefault(n.Name.Value) ?? n.Name.Value;
        var networks = a.Networks ?? [];
        var atCreate = allNetworks ? networks : networks.Take(1).ToList();
        return new CreateContainerParameters
        {
            Name = a.Name,
            Image = a.Image.Value,
            Cmd = a.Command?.ToList()!,
            Entrypoint = a.Entrypoint?.ToList()!,
            Env = a.Env?.Select(kv => $"{kv.Key}={kv.Value.Value}").ToList()!,
            User = a.User!,
            Labels = labels,
            Healthcheck = Healthcheck(a.Healthcheck, healthStartInterval)!,
            ExposedPorts = a.Ports?.ToDictionary(PortKey, _ => default(EmptyStruct))!,
            HostConfig = new HostConfig
            {
                NetworkMode = networks.Count > 0 ? Attach(networks[0]) : null!,
                PortBindings = a.Ports?.GroupBy(PortKey).ToDictionary(g => g.Key,
                    g => (IList<PortBinding>)g.Select(p => new PortBinding { HostIP = p.HostIp ?? ContainerCheck.DefaultHostIp, HostPort = p.External?.ToString() ?? "" }).ToList())!,
                Mounts = a.Mounts?.Select(Mount).ToList()!,
                RestartPolicy = RestartPolicy(a.Restart, a.MaxRetryCount),
                CapAdd = a.CapAdd?.ToList()!,
                CapDrop = a.CapDrop?.ToList()!,
                Memory = a.MemoryBytes ?? 0,
                NanoCPUs = NanoCpus(a.Cpus),
                Init = a.Init,
            },
            NetworkingConfig = atCreate.Count == 0 ? null! : new NetworkingConfig
            {
                EndpointsConfig = atCreate.ToDictionary(Attach, Endpoint),
            },
        };
    }

    public static EndpointSettings Endpoint(ContainerNetwork n) => new() { Aliases = n.Aliases?.ToList()! };

    public static string PortKey(ContainerPort p) => $"{p.Internal}/{p.Protocol ?? "tcp"}";

    public static long NanoCpus(double? cpus) => cpus is null ? 0 : (long)Math.Round(cpus.Value * 1e9);

    public static RestartPolicy RestartPolicy(string? name, int? retries) => new()
    {
        Name = name switch
        {
            "always" => RestartPolicyKind.Always,
            "unless-stopped" => RestartPolicyKind.UnlessStopped,
            "on-failure" => RestartPolicyKind.OnFailure,
            _ => RestartPolicyKind.No,
        },
        MaximumRetryCount = name == "on-failure" ? retries ?? 0 : 0,
    };

    public static string RestartName(RestartPolicyKind? kind) => kind switch
    {
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        RestartPolicyKind.OnFailure => "on-failure",
        _ => "no",
    };

    public static Mount Mount(ContainerMount m) => new()
    {
        Type = m.Type ?? "volume",
        Source = m.Source?.Value!,
        Target = m.Target,
        ReadOnly = m.ReadOnly,
    };

    public static HealthcheckConfig? Healthcheck(ContainerHealthcheck? h, bool startInterval) => h is null ? null : new HealthcheckConfig
    {
        Test = h.Test.ToList(),
        Interval = Seconds(h.IntervalSeconds),
        Timeout = Seconds(h.TimeoutSeconds),
        StartPeriod = Seconds(h.StartPeriodSeconds),
        StartInterval = startInterval && h.StartPeriodSeconds > 0 ? HealthStartInterval : null,
        Retries = h.Retries,
    };

    private static TimeSpan? Seconds(double? s) => s is null ? null : TimeSpan.FromSeconds(s.Value);
}
