using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using VersionResponse = Docker.DotNet.Models.VersionResponse;
using Docker.DotNet.X509;
using Infra.Providers.Processes;
using Infra.Providers.Ssh;

namespace Infra.Providers.Docker;

/// <summary>
/// The one connection to the Docker host for a whole run, opened on first use or when the composition
/// says the run will need it (<see cref="StartOpening"/>), and shared by every resource and by the command
/// provider. Over ssh:// it is one SSH login whose forwarded socket carries every API call, the same login
/// as the state backend's when that names the same user, host, port and options (<see cref="SshLogins"/>).
/// </summary>
public sealed class DockerConnection(DockerHostOptions options) : IAsyncDisposable
{
    /// <summary>The Docker socket of an ssh:// host that names no path.</summary>
    public const string DefaultRemoteSocket = "/var/run/docker.sock";
    private readonly object _gate = new();
    private Task<DockerSession>? _opening;
    private SshLogin? _ssh;

    public DockerHostOptions Options { get; } = options;

    /// <summary>The API requests made so far, by kind (for benchmarks and tests that count them).</summary>
    public DockerApiCalls ApiCalls { get; } = new();

    /// <summary>What a refresh fetched ahead by listing, shared by every session of this connection.</summary>
    public ListedReads Listed { get; } = new();

    private string RemoteSocket => SshTarget.Parse(Options.Host).Path ?? DefaultRemoteSocket;

    public bool IsSsh => Options.Host.StartsWith("ssh://", StringComparison.Ordinal);

    /// <summary>
    /// Starts opening in the background (for ssh://, the login), so that it overlaps what the run does before
    /// it first calls Docker; an error waits for that first call.
    /// </summary>
    public void StartOpening()
    {
        lock (_gate) _opening ??= OpenOnceAsync();
    }

    /// <summary>Opens once; every caller gets the same session or the same error.</summary>
    public Task<DockerSession> OpenAsync(CancellationToken ct)
    {
        lock (_gate) _opening ??= OpenOnceAsync();
        return _opening.WaitAsync(ct);
    }

    /// <summary>The SSH connection to an ssh:// host, without needing Docker to answer (for remote commands).</summary>
    public Task<SshConnection> OpenSshAsync(CancellationToken ct)
    {
        if (!IsSsh) throw new InvalidOperationException($"docker host {Options.Host} is not ssh://");
        // The Docker socket is forwarded at login: every run on a Docker host needs it.
        var target = SshTarget.Parse(Options.Host);
        lock (_gate) _ssh ??= SshLogins.Hold(target, Options.SshOptsOrEmpty, RemoteSocket);
        return _ssh.Connection.WaitAsync(ct);
    }

    private async Task<DockerSession> OpenOnceAsync()
    {
        var ct = CancellationToken.None;
        var host = Options.Host;
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (!File.Exists(path)) throw new DockerHostException($"{host}: no Docker engine socket at {path} (is dockerd running?)");
            return await NegotiateAsync(new Uri(host), null, null, ct);
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal) || host.StartsWith("https://", StringComparison.Ordinal) || host.StartsWith("http://", StringComparison.Ordinal))
            return await NegotiateAsync(new Uri(host), TlsCredentials(), null, ct);
        if (IsSsh) return await OpenOverSshAsync(ct);
        throw new DockerHostException($"docker host '{host}' is not unix://, tcp:// or ssh://");
    }

    private IAuthProvider? TlsCredentials()
    {
        if (Options.CertPath is null) return null;
        try
        {
            return DockerTlsCertificates.LoadFromDirectory(Options.CertPath, true, "ca.pem", "cert.pem", "key.pem").CreateCredentials();
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new DockerHostException($"{Options.Host}: cannot load TLS certificates from {Options.CertPath} (ca.pem, cert.pem, key.pem): {e.Message}");
        }
    }

    private async Task<DockerSession> OpenOverSshAsync(CancellationToken ct)
    {
        var remoteSocket = RemoteSocket;
        var ssh = await OpenSshAsync(ct);
        var local = await ssh.LocalSocketForAsync(remoteSocket, ct);
        try
        {
            return await NegotiateAsync(new Uri($"unix://{local}"), null, ssh, ct);
        }
        catch (DockerHostException)
        {
            // A forward to a missing or forbidden socket just drops the connection; the shell can say why.
            await DiagnoseRemoteSocketAsync(ssh, remoteSocket, ct);
            throw;
        }
    }

    private async Task DiagnoseRemoteSocketAsync(SshConnection ssh, string socket, CancellationToken ct)
    {
        var q = ShellQuote.Single(socket);
        var result = await ssh.RunAsync($"test -S {q} || exit 3; test -r {q} -a -w {q} || exit 4", null, ct);
        var who = ssh.Target.User ?? "the login user";
        switch (result.ExitCode)
        {
            case 3: throw new DockerHostException($"{Options.Host}: no Docker engine socket at {socket} on {ssh.Target.Host} (is Docker installed and running there?)");
            case 4: throw new DockerHostException($"{Options.Host}: permission denied on {socket} for {who} on {ssh.Target.Host} (add the user to the docker group, or log in as a user who may use Docker)");
        }
    }

    private async Task<DockerSession> NegotiateAsync(Uri endpoint, IAuthProvider? tls, SshConnection? ssh, CancellationToken ct)
    {
        using var probe = DockerClients.Create(endpoint, tls, null, ApiCalls);
        VersionResponse version;
        try
        {
            version = await probe.System.GetVersionAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw new DockerHostException($"{Options.Host}: the Docker engine does not answer ({Innermost(e)})");
        }
        var api = DockerApiVersion.Negotiate(version.APIVersion, Options.ApiVersion);
        var liveness = new DaemonLiveness(new DaemonPing(endpoint, tls, api).AnswerAsync);
        return new DockerSession(DockerClients.Create(endpoint, tls, api, ApiCalls), api, version.Version, Options.Host, ssh, liveness) { Listed = Listed };
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e is DockerApiException api ? DockerErrors.MessageOf(api) : e.Message;
    }

    public async ValueTask DisposeAsync()
    {
        Task<DockerSession>? opening;
        SshLogin? ssh;
        lock (_gate) (opening, ssh) = (_opening, _ssh);
        if (opening is not null)
        {
            try { (await opening).Client.Dispose(); }
            catch (Exception) { /* opening failed: nothing to close */ }
        }
        if (ssh is not null) await ssh.DisposeAsync();
    }
}
