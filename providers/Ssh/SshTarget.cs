namespace Infra.Providers.Ssh;

/// <summary>Where to log in: <c>ssh://[user@]host[:port][/path]</c>. The path, when present, names a remote socket.</summary>
public sealed record SshTarget(string? User, string Host, int? Port, string? Path)
{
    public static SshTarget Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "ssh" || uri.Host.Length == 0)
            throw new FormatException($"'{url}' is not an ssh://[user@]host[:port][/path] address");
        var user = uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo) : null;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        var path = uri.AbsolutePath is "" or "/" ? null : Uri.UnescapeDataString(uri.AbsolutePath);
        return new SshTarget(user, host, uri.IsDefaultPort ? null : uri.Port, path);
    }

    /// <summary>The arguments that name the destination: <c>[-l user] [-p port] -- host</c>.</summary>
    public IEnumerable<string> DestinationArguments()
    {
        if (User is not null) { yield return "-l"; yield return User; }
        if (Port is not null) { yield return "-p"; yield return Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        yield return "--";
        yield return Host;
    }

    public override string ToString() =>
        $"ssh://{(User is null ? "" : User + "@")}{(Host.Contains(':') ? $"[{Host}]" : Host)}{(Port is null ? "" : $":{Port}")}";
}
