namespace Infra.Components.Building;

/// <summary>Where a service port is published on the Docker host.</summary>
public sealed record HostPort(string Ip, int Port)
{
    public static HostPort Loopback(int port) => new("127.0.0.1", port);
    public override string ToString() => $"{Ip}:{Port}";
}
