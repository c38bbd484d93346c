using Infra.Engine;
using Infra.Engine.State;
using Infra.Providers.Docker;
using Infra.Providers.Ssh;

namespace Infra.Cli.Sessions;

/// <summary>
/// <c>INFRA_BACKEND_URL</c> (or Pulumi's <c>PULUMI_BACKEND_URL</c>) → storage. Default: <c>file://~/.infra</c>;
/// <c>ssh://user@host[:port]/folder</c> keeps the state on a remote host (with <c>INFRA_BACKEND_SSH_OPTS</c> for its ssh).
/// Any other backend (Pulumi Cloud, s3://, azblob://, gs://) is refused rather than replaced by a local folder.
/// </summary>
public static class BackendFactory
{
    public const string Variable = "INFRA_BACKEND_URL";
    private const string Supported = "infra supports file://<folder> and ssh://user@host[:port]/<folder>";

    /// <summary>The stack state store on that backend, with the test-only pause points wired (<see cref="TestPausePoint"/>).</summary>
    public static StateStore Store(Func<string, string?> environment, string? projectBackend) =>
        new(Create(environment, projectBackend), TestPausePoint.From(environment));

    /// <param name="projectBackend">Pulumi.yaml's <c>backend.url</c>: used when neither variable is set.</param>
    public static IBlobStorage Create(Func<string, string?> environment, string? projectBackend = null)
    {
        var chosen = PulumiVariables.Read(environment, PulumiVariables.BackendUrl)
            ?? (projectBackend is { Length: > 0 } ? ("Pulumi.yaml backend.url", projectBackend) : null);
        if (chosen is not var (name, url))
        {
            if (environment(PulumiVariables.AccessToken) is { Length: > 0 })
                throw new ConfigException($"{PulumiVariables.AccessToken} is set but no backend URL is: infra does not use the Pulumi Cloud; set {Variable} or PULUMI_BACKEND_URL ({Supported})");
            return new FileBlobStorage(Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".infra"), TestPausePoint.From(environment));
        }
        if (url.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = url["file://".Length..];
            if (path.StartsWith('~')) path = (environment("HOME") ?? "") + path[1..];
            if (path.Length == 0) throw new ConfigException($"{name}: '{url}' names no folder");
            return new FileBlobStorage(path, TestPausePoint.From(environment));
        }
        if (url.StartsWith("ssh://", StringComparison.Ordinal)) return Ssh(name, url, environment);
        throw new ConfigException($"{name}: backend '{url}' is not supported; {Supported}");
    }

    private static SshBlobStorage Ssh(string name, string url, Func<string, string?> environment)
    {
        SshTarget target;
        try { target = SshTarget.Parse(url); }
        catch (FormatException e) { throw new ConfigException($"{name}: {e.Message}"); }
        if (target.Path is null or "/")
            throw new ConfigException($"{name}: '{url}' names no folder on the host (e.g. ssh://deploy@host/var/lib/infra)");
        var options = environment(BackendSshOptions.Variable);
        var parsed = BackendSshOptions.Parse(options);
        // The login also forwards the host's Docker socket (a listening socket in its private folder, nothing more until
        // used): a Docker host on the same login, the usual VPS, then asks for no forward of its own (an ssh process
        // started, ~0.15 s).
        return EarlyBackend.Take(url, options) ?? new SshBlobStorage(target, parsed, DockerConnection.DefaultRemoteSocket);
    }
}
