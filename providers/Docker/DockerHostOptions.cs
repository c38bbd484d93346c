using System.Text.Json.Nodes;
using Infra.Engine;
using Infra.Engine.Config;
using Infra.Engine.Properties;

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

    /// <summary>Reads <c>docker:host</c>, <c>docker:certPath</c> and <c>docker:sshOpts</c> (a list) from stack config.</summary>
    public static DockerHostOptions FromConfig(StackConfig config)
    {
        var host = Text(config, "docker:host");
        var certPath = Text(config, "docker:certPath");
        var opts = config.Get("docker:sshOpts") is { } node
            ? Secret.Reveal(node) as JsonArray is { } list && list.All(o => o is JsonValue v && v.TryGetValue<string>(out _))
                ? list.Select(o => o!.GetValue<string>()).ToList()
                : throw new ConfigException($"{config.Path}: config key 'docker:sshOpts' must be a list of strings")
            : null;
        return Resolve(host, certPath, opts);
    }

    private static string? Text(StackConfig config, string key) => Secret.Reveal(config.Get(key)) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new ConfigException($"{config.Path}: config key '{key}' must be a string"),
    };
}
