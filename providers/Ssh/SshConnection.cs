using System.Diagnostics;
using System.Text;
using Infra.Providers.Processes;

namespace Infra.Providers.Ssh;

/// <summary>
/// One authenticated OpenSSH connection (a ControlMaster) kept for a whole run. Socket forwards and
/// remote commands are channels of that connection, so the host sees a single login however many
/// API calls or commands go over it. Uses the system <c>ssh</c>, so ~/.ssh/config, the agent and
/// known_hosts apply; host-key checking is never turned off here.
/// </summary>
public sealed class SshConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(60);
    private readonly Process _master;
    private readonly StringBuilder _masterErrors;
    private readonly DirectoryInfo _dir;
    private readonly IReadOnlyList<string> _options;
    private int _forwards;
    private bool _disposed;
    private Process? _session;

    private SshConnection(SshTarget target, IReadOnlyList<string> options, DirectoryInfo dir, Process master, StringBuilder masterErrors)
    {
        Target = target;
        _options = options;
        _dir = dir;
        _master = master;
        _masterErrors = masterErrors;
    }

    public SshTarget Target { get; }

    /// <summary>The local end of the socket forward asked for at login, if one was.</summary>
    public string? InitialForward { get; private init; }

    /// <summary>The remote socket <see cref="InitialForward"/> leads to.</summary>
    private string? InitialForwardRemote { get; init; }

    private string ControlPath => Path.Combine(_dir.FullName, "c");

    /// <summary>Logs in once; fails with one line naming the host when it cannot.</summary>
    /// <param name="forwardRemoteSocket">A remote unix socket to forward from the start (saves a round trip later).</param>
    /// <param name="sessionCommand">
    /// A command the login itself runs (its stdin and stdout are the master's; see <see cref="TakeSession"/>): it starts
    /// as the login completes, without a second ssh process or channel. The connection ends with it.
    /// </param>
    public static async Task<SshConnection> OpenAsync(SshTarget target, IReadOnlyList<string> sshOptions, CancellationToken ct,
        string? forwardRemoteSocket = null, string? sessionCommand = null)
    {
        // A private directory (0700) keeps the control socket and forwarded sockets away from other users.
        var dir = Directory.CreateTempSubdirectory("infra-ssh-");
        var errors = new StringBuilder();
        var args = new List<string>
        {
            "-M", "-S", Path.Combine(dir.FullName, "c"), "-o", "ControlPersist=no",
            "-o", "StreamLocalBindUnlink=yes", "-o", "ExitOnForwardFailure=yes", "-T",
        };
        if (sessionCommand is null) args.AddRange(["-n", "-N"]);
        var initialForward = forwardRemoteSocket is null ? null : Path.Combine(dir.FullName, "f0.sock");
        if (initialForward is not null) args.AddRange(["-L", $"{initialForward}:{forwardRemoteSocket}"]);
        args.AddRange(sshOptions);
        args.AddRange(["-o", "BatchMode=yes", "-o", "ConnectTimeout=15", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4"]);
        args.AddRange(target.DestinationArguments());
        if (sessionCommand is not null) args.Add(sessionCommand);
        var master = new Process { StartInfo = ChildProcess.StartInfo("ssh", args), EnableRaisingEvents = true };
        master.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        try
        {
            master.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            dir.Delete(true);
            throw new SshException($"{target}: cannot run the OpenSSH client 'ssh' ({e.Message}); install openssh-client");
        }
        master.BeginErrorReadLine();
        if (sessionCommand is null) master.StandardInput.Close();
        var connection = new SshConnection(target, sshOptions, dir, master, errors)
        {
            InitialForward = initialForward, InitialForwardRemote = initialForward is null ? null : forwardRemoteSocket,
            _session = sessionCommand is null ? null : master,
        };
        try
        {
            await connection.WaitUntilReadyAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // The master creates its control socket only once it has authenticated.
        while (!File.Exists(ControlPath))
        {
            if (_master.HasExited)
            {
                await _master.WaitForExitAsync(ct);
                throw new SshException(SshFailure.Describe(Target, MasterErrors()));
            }
            if (clock.Elapsed > ConnectWait)
                throw new SshException($"{Target}: no answer from {Target.Host} within {ConnectWait.TotalSeconds:0}s");
            // The run's first call waits on this: a stat every 2 ms costs nothing next to a login.
            await Task.Delay(2, ct);
        }
    }

    /// <summary>
    /// Forwards a unix socket on the remote host to a new local socket (mode 0600, in the private
    /// directory) and returns the local path.
    /// </summary>
    public async Task<string> ForwardUnixSocketAsync(string remotePath, CancellationToken ct)
    {
        ThrowIfClosed();
        var local = Path.Combine(_dir.FullName, $"f{Interlocked.Increment(ref _forwards)}.sock");
        var result = await RunSshAsync(["-O", "forward", "-L", $"{local}:{remotePath}"], null, ct);
        if (!result.Succeeded)
            throw new SshException($"{Target}: cannot forward {remotePath} from {Target.Host} ({result.LastErrorLine})");
        return local;
    }

    /// <summary>The local socket that leads to <paramref name="remotePath"/>: the one forwarded at login, else a new forward.</summary>
    public Task<string> LocalSocketForAsync(string remotePath, CancellationToken ct) =>
        InitialForward is not null && InitialForwardRemote == remotePath ? Task.FromResult(InitialForward) : ForwardUnixSocketAsync(remotePath, ct);

    /// <summary>
    /// Starts a command with the remote user's shell over the same connection and leaves it running, its
    /// stdin, stdout and stderr redirected (the caller talks to it, then kills or disposes it).
    /// </summary>
    public Process StartSession(string command)
    {
        ThrowIfClosed();
        var process = new Process { StartInfo = ChildProcess.StartInfo("ssh", MuxArguments(["-T"], command)) };
        process.Start();
        return process;
    }

    /// <summary>
    /// The command the login runs (<c>sessionCommand</c> of <see cref="OpenAsync"/>) to its one taker, else null. Its
    /// process is the connection's own: the taker writes to its stdin and reads its stdout, never kills or closes it
    /// (that would end the connection, forwards included); it ends with the connection.
    /// </summary>
    public Process? TakeSession() => Interlocked.Exchange(ref _session, null);

    /// <summary>Runs a command with the remote user's shell over the same connection. Stdin, when given, is the script's input.</summary>
    public Task<ProcessResult> RunAsync(string command, string? stdin, CancellationToken ct)
    {
        ThrowIfClosed();
        return RunSshAsync(["-T"], command, ct, stdin);
    }

    private Task<ProcessResult> RunSshAsync(IReadOnlyList<string> extra, string? command, CancellationToken ct, string? stdin = null) =>
        ChildProcess.RunAsync("ssh", MuxArguments(extra, command), stdin ?? "", ct: ct);

    private List<string> MuxArguments(IReadOnlyList<string> extra, string? command)
    {
        var args = new List<string> { "-S", ControlPath, "-o", "ControlMaster=no" };
        args.AddRange(extra);
        args.AddRange(_options);
        args.AddRange(["-o", "BatchMode=yes"]);
        args.AddRange(Target.DestinationArguments());
        if (command is not null) args.Add(command);
        return args;
    }

    /// <summary>Why the connection is gone, in one line naming the host (for a session that ended early).</summary>
    public string ClosedReason() => SshFailure.Describe(Target, MasterErrors());

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_master.HasExited)
            throw new SshException($"{Target}: the ssh connection to {Target.Host} closed ({SshFailure.Describe(Target, MasterErrors())})");
    }

    private string MasterErrors()
    {
        lock (_masterErrors) return _masterErrors.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            await ProcessTermination.TerminateAsync(_master, TimeSpan.FromSeconds(3));
        }
        finally
        {
            _master.Dispose();
            try { _dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
