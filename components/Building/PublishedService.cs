namespace Infra.Components.Building;

/// <summary>A service reachable from the host, for <c>infra stack output</c>.</summary>
public sealed record PublishedService(string Name, string Scheme, HostPort Address)
{
    public string Url => $"{Scheme}://{Address}";
}
