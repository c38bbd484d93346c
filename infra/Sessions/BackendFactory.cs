using Infra.Engine;
using Infra.Engine.State;
using Infra.Providers.Ssh;

namespace Infra.Cli.Sessions;

/// <summary>
/// <c>INFRA_BACKEND_URL</c> → storage. Default: <c>file://~/.infra</c>; <c>ssh://user@host[:port]/folder</c>
/// keeps the state on a remote host (with <c>INFRA_BACKEND_SSH_OPTS</c> for its ssh).
/// </summary>
public static class BackendFactory
{
    public const string Variable = "INFRA_BACKEND_URL";

    public static IBlobStorage Create(Func<string, string?> environment)
    {
        var url = environment(Variable);
        if (string.IsNullOrWhiteSpace(url))
            return new FileBlobStorage(Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".infra"));
        if (url.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = url["file://".Length..];
            if (path.StartsWith('~')) path = (environment("HOME") ?? "") + path[1..];
            if (path.Length == 0) throw new ConfigException($"{Variable}: '{url}' names no folder");
            return new FileBlobStorage(path);
        }
        if (url.StartsWith("ssh://", StringComparison.Ordinal)) return Ssh(url, environment);
        throw new ConfigException($"{Variable}: unsupported backend '{url}' (use file://<folder> or ssh://user@host[:port]/<folder>)");
    }

    private static SshBlobStorage Ssh(string url, Func<string, string?> environment)
    {
        SshTarget target;
        try { target = SshTarget.Parse(url); }
        catch (FormatException e) { throw new ConfigException($"{Variable}: {e.Message}"); }
        if (target.Path is null or "/")
            throw new ConfigException($"{Variable}: '{url}' names no folder on the host (e.g. ssh://deploy@host/var/lib/infra)");
        return new SshBlobStorage(target, BackendSshOptions.Parse(environment(BackendSshOptions.Variable)));
    }
}
