using Infra.Providers.Docker;

namespace Infra.Components.Catalog;

/// <summary>
/// The health checks of the catalog, at production cadence: Docker runs each one every 30 s for the life of the
/// container. <c>up</c> does not wait for that cadence: the Docker provider runs the same command itself while it waits.
/// </summary>
public static class HealthChecks
{
    public const int IntervalSeconds = 30;
    public const int TimeoutSeconds = 10;
    /// <summary>Failures in the first minute (n8n's migrations, Postgres's initdb) do not count.</summary>
    public const int StartPeriodSeconds = 60;
    public const int Retries = 3;

    /// <summary>A health check run by the container's shell.</summary>
    public static ContainerHealthcheck Shell(string command) => new()
    {
        Test = ["CMD-SHELL", command],
        IntervalSeconds = IntervalSeconds,
        TimeoutSeconds = TimeoutSeconds,
        StartPeriodSeconds = StartPeriodSeconds,
        Retries = Retries,
    };

    /// <summary>An HTTP GET from inside the container with bash alone (qdrant's image has no curl or wget).</summary>
    public static ContainerHealthcheck BashHttp(int port, string path) => Shell(
        $"bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port} && printf \"GET {path} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n\" >&3 && head -n 1 <&3 | grep -q \" 200\"'");

    /// <summary>An HTTP GET with wget, which n8n, prometheus, grafana and caddy images have.</summary>
    public static ContainerHealthcheck WgetHttp(int port, string path) =>
        Shell($"wget -q -O /dev/null http://127.0.0.1:{port}{path}");
}
