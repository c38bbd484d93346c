using System.Net;
using Infra.Components.Catalog;

namespace Infra.Stacks.Policies;

/// <summary>
/// Where a container may publish a port: on a loopback address; on any other address only the edge, and only
/// its HTTP and HTTPS ports on the same host ports (80 and 443). The policy gate applies it to the program,
/// <c>infra verify</c> to the live host.
/// </summary>
public static class PublishedPortRule
{
    /// <summary>The edge's container name, before the stack's name prefix.</summary>
    public static string EdgeContainer => ServiceCatalog.Caddy.Name;

    private static readonly IReadOnlyList<int> EdgePorts = ServiceCatalog.Caddy.PublishedPorts.Select(p => p.Internal).Order().ToList();

    /// <summary>The rule in words, for a violation message.</summary>
    public static string Requirement { get; } = $"only 127.0.0.1 is allowed (the edge alone may publish {string.Join('/', EdgePorts)})";

    /// <param name="isEdge">Whether the container is the edge.</param>
    /// <param name="hostPort">The host port; null when Docker picks one.</param>
    public static bool Allows(bool isEdge, string hostIp, int? hostPort, int containerPort) =>
        IsLoopback(hostIp) || isEdge && EdgePorts.Contains(containerPort) && hostPort == containerPort;

    private static bool IsLoopback(string ip) => IPAddress.TryParse(ip, out var a) && IPAddress.IsLoopback(a);
}
