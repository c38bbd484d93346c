namespace Infra.Providers.Docker;

/// <summary>
/// What can be said of a Docker host's address and TLS folder without reaching it: a wrong scheme, a missing host,
/// a certificate folder that is not there are mistakes in the configuration, not a host that does not answer.
/// </summary>
public static class DockerHostAddress
{
    public static readonly IReadOnlyList<string> CertificateFiles = ["ca.pem", "cert.pem", "key.pem"];

    /// <summary>Null when <paramref name="host"/> has a form the connection can use; otherwise why not.</summary>
    public static string? ProblemWithHost(string host)
    {
        var scheme = host.IndexOf("://", StringComparison.Ordinal) is var i and > 0 ? host[..i] : null;
        if (scheme is not ("unix" or "tcp" or "ssh" or "http" or "https"))
            return $"'{host}' is not unix://<socket>, tcp://<host>:<port> or ssh://<user>@<host>";
        if (scheme == "unix")
            return host.Length > "unix://".Length && host["unix://".Length..].StartsWith('/') ? null : $"'{host}' names no socket path (unix:///var/run/docker.sock)";
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return $"'{host}' names no host";
        return null;
    }

    /// <summary>Null when <paramref name="certPath"/> is a folder with the three PEM files; otherwise which is missing.</summary>
    public static string? ProblemWithCertificates(string certPath)
    {
        if (!Directory.Exists(certPath)) return $"'{certPath}' is not a folder (it must hold {string.Join(", ", CertificateFiles)})";
        var missing = CertificateFiles.Where(f => !File.Exists(Path.Combine(certPath, f))).ToList();
        return missing.Count == 0 ? null : $"'{certPath}' has no {string.Join(", ", missing)}";
    }
}
