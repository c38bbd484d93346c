namespace Infra.Providers.Ssh;

/// <summary>Turns what OpenSSH printed when a connection failed into one line that says why.</summary>
public static class SshFailure
{
    public static string Describe(SshTarget target, string stderr)
    {
        var detail = LastLine(stderr);
        if (Has(stderr, "Host key verification failed") || Has(stderr, "host key is known") || Has(stderr, "IDENTIFICATION HAS CHANGED"))
            return $"{target}: the host key of {target.Host} is unknown or has changed; check it and add it to known_hosts (ssh-keyscan{PortFlag(target)} {target.Host}), or pass -o UserKnownHostsFile=<file> in sshOpts ({detail})";
        if (Has(stderr, "Permission denied (") || Has(stderr, "Too many authentication failures"))
            return $"{target}: authentication refused by {target.Host} for user {target.User ?? "(default)"}; check the key, the agent or sshOpts -i ({detail})";
        if (Has(stderr, "Connection refused") || Has(stderr, "timed out") || Has(stderr, "No route to host") || Has(stderr, "Network is unreachable")
            || Has(stderr, "Could not resolve hostname") || Has(stderr, "Name or service not known") || Has(stderr, "kex_exchange_identification")
            || Has(stderr, "Connection closed by") || Has(stderr, "Connection reset"))
            return $"{target}: host {target.Host}{(target.Port is null ? "" : $" port {target.Port}")} is unreachable ({detail})";
        return $"{target}: ssh connection failed ({(detail.Length == 0 ? "ssh exited without a message" : detail)})";
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static string PortFlag(SshTarget target) => target.Port is null ? "" : $" -p {target.Port}";

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal)) ?? "";
}
