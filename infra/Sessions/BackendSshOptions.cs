using Infra.Engine;

namespace Infra.Cli.Sessions;

/// <summary>
/// <c>INFRA_BACKEND_SSH_OPTS</c>: extra arguments for the backend's <c>ssh</c>, space-separated
/// (e.g. <c>-i key -o UserKnownHostsFile=/path/known_hosts</c>). Turning host-key checking off is refused:
/// the state holds the stack's secrets, so the host must be the pinned one.
/// </summary>
public static class BackendSshOptions
{
    public const string Variable = "INFRA_BACKEND_SSH_OPTS";

    public static IReadOnlyList<string> Parse(string? value)
    {
        var options = (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var option in options)
        {
            var setting = option.StartsWith("-o", StringComparison.Ordinal) ? option[2..] : option;
            if (setting.StartsWith("StrictHostKeyChecking=", StringComparison.OrdinalIgnoreCase)
                && setting["StrictHostKeyChecking=".Length..].ToLowerInvariant() is "no" or "off" or "accept-new")
                throw new ConfigException($"{Variable}: '{option}' is refused; pin the host key instead (ssh-keyscan, then -o UserKnownHostsFile=<file>)");
        }
        return options;
    }
}
