namespace Infra.Providers.Docker;

/// <summary>
/// Which Docker engine to talk to: <c>unix:///path</c>, <c>tcp://host:port</c> (TLS when
/// <see cref="CertPath"/> holds ca.pem, cert.pem and key.pem) or <c>ssh://user@host[:port][/socket]</c>
/// through the system OpenSSH client with <see cref="SshOpts"/> added to its command line.
/// </summary>
/// <param name="ApiVersion">Forces an API version such as "1.41" instead of negotiating one.</param>
public sealed record DockerHostOptions(string Host, string? CertPath = null, IReadOnlyList<string>? SshOpts = null, string? ApiVersion = null)
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    public IReadOnlyList<string> SshOptsOrEmpty => SshOpts ?? [];

    /// <summary>The stack's <c>docker:host</c> when set, else DOCKER_HOST, else the local socket.</summary>
    public static DockerHostOptions Resolve(string? configuredHost, string? certPath = null, IReadOnlyList<string>? sshOpts = null)
    {
        var host = NonEmpty(configuredHost) ?? NonEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) ?? DefaultHost;
        var certs = NonEmpty(certPath) ?? (Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 }
            ? NonEmpty(Environment.GetEnvironmentVariable("DOCKER_CERT_PATH")) : null);
        return new DockerHostOptions(host, certs, sshOpts);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
