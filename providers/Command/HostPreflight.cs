using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Providers.Command;

/// <summary>Arguments of <c>command:HostPreflight</c>.</summary>
public sealed record HostPreflightArgs
{
    /// <summary>Host ports the stack will publish; each must be free or already held by this stack's own containers.</summary>
    public IReadOnlyList<int>? Ports { get; init; }
    /// <summary>Free space required where Docker keeps its data.</summary>
    public long MinFreeDiskMb { get; init; } = 1024;
    /// <summary>Oldest acceptable engine version, e.g. "20.10".</summary>
    public string? MinDockerVersion { get; init; }
}

/// <summary>
/// Checks the Docker host before anything is deployed: the engine answers (and is recent enough),
/// there is free disk, and the ports to publish are free. Any change re-runs the checks. Make each
/// container wait for it with <see cref="Guard"/>: <c>new Container("db", args, root, preflight.Guard())</c>.
/// </summary>
public sealed class HostPreflight(string name, HostPreflightArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<HostPreflightArgs>(HostPreflightCheck.TypeToken, name, args, parent, options)
{
    /// <summary>Options (given ones kept) that make a resource depend on this preflight.</summary>
    public ResourceOptions Guard(ResourceOptions? options = null)
    {
        var o = options ?? ResourceOptions.None;
        return o with { DependsOn = [.. o.DependsOn, this] };
    }

    /// <summary>The host ports these containers publish, for <see cref="HostPreflightArgs.Ports"/>.</summary>
    public static IReadOnlyList<int> PortsOf(params ContainerArgs[] containers) =>
        containers.SelectMany(c => c.Ports ?? []).Where(p => p.External is not null).Select(p => p.External!.Value).Distinct().Order().ToList();
}
