using Infra.Engine;
using Infra.Engine.State;

namespace Infra.Cli.Sessions;

/// <summary><c>INFRA_BACKEND_URL</c> → storage. Default: <c>file://~/.infra</c>.</summary>
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
        throw new ConfigException($"{Variable}: unsupported backend '{url}' (use file://<folder>)");
    }
}
