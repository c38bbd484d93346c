namespace Infra.Components.Building;

/// <summary>Names of objects on the Docker host: the seed's names, behind an optional prefix.</summary>
public sealed record ResourceNames(string Prefix)
{
    public string Container(string service) => Prefix + service;
    public string Network(string network) => Prefix + network;
    public string Volume(string service, string purpose = "data") => $"{Prefix}{service}-{purpose}";
}
