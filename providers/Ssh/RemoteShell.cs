using System.Diagnostics;
using System.Text;
using Infra.Providers.Processes;

namespace Infra.Providers.Ssh;

/// <summary>
/// One POSIX <c>sh</c> kept running on the remote host for a whole run, running scripts one at a time.
/// A command per ssh channel would start the login's shell each time, and with it its rc files
/// (bash reads ~/.bashrc under sshd), which on a real host can cost far more than the round trip.
/// Each script runs as <c>sh -c</c> (so its <c>exit</c> and traps stay its own) between two marker
/// lines; its stderr and exit code come back on the closing one. The first shell is the login's own session where the
/// login was opened with <see cref="Command"/> (no second ssh process, no channel to open: ready as the login is).
/// </summary>
public sealed class RemoteShell : IAsyncDisposable
{
    /// <summary>The command that starts the shell; a login opened with it as its session command hands it over.</summary>
    public const string Command = "exec sh";

    private readonly SshConnection _connection;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly StringBuilder _errors = new();
    private Process? _shell;
    private Process? _loginSession;

    public RemoteShell(SshConnection connection) => _connection = connection;

    /// <summary>Starts the remote shell now (so its start overlaps whatever the caller does next).</summary>
    public void Start()
    {
        _turn.Wait();
        try { _shell ??= StartShell(); }
        finally { _turn.Release(); }
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> as $1…; <paramref name="stdin"/>, when given, is its input.</summary>
    public async Task<ProcessResult> RunAsync(string script, IReadOnlyList<string> arguments, string? stdin, CancellationToken ct) =>
        (await RunAsync([new ShellCall(script, arguments, stdin)], ct))[0];

    /// <summary>
    /// Runs <paramref name="calls"/> one after the other, each whatever the others' exit codes, sent together: one
    /// round trip for all of them.
    /// </summary>
    public async Task<IReadOnlyList<ProcessResult>> RunAsync(IReadOnlyList<ShellCall> calls, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            _shell ??= StartShell();
            try
            {
                return await ExchangeAsync(_shell, calls, ct);
            }
            catch
            {
                // Cancelled or cut in the middle of a script: the shell's place in the stream is unknown.
                Stop(_shell);
                _shell = null;
                throw;
            }
        }
        finally { _turn.Release(); }
    }

    private Process StartShell()
    {
        if (_connection.TakeSession() is { } session) return _loginSession = session;
        var shell = _connection.StartSession(Command);
        lock (_errors) _errors.Clear();
        // Drained as it comes, so a chatty rc file cannot fill the pipe; kept for when the shell dies.
        shell.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        shell.BeginErrorReadLine();
        return shell;
    }

    private async Task<IReadOnlyList<ProcessResult>> ExchangeAsync(Process shell, IReadOnlyList<ShellCall> calls, CancellationToken ct)
    {
        var nonces = calls.Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var requests = new StringBuilder();
        for (var i = 0; i < calls.Count; i++) Request(requests, nonces[i], calls[i]);
        // Sent while the results are read: a first script's output never waits for the last script's input to be taken.
        var sending = SendAsync(shell, requests.ToString(), ct);
        var results = new List<ProcessResult>(calls.Count);
        try
        {
            foreach (var nonce in nonces) results.Add(await ResultAsync(shell, nonce, ct));
        }
        finally
        {
            try { await sending; } catch (Exception) when (results.Count < calls.Count) { /* the read's error says why */ }
        }
        return results;
    }

    private static async Task SendAsync(Process shell, string requests, CancellationToken ct)
    {
        await shell.StandardInput.WriteAsync(requests.AsMemory(), ct);
        await shell.StandardInput.FlushAsync(ct);
    }

    private async Task<ProcessResult> ResultAsync(Process shell, string nonce, CancellationToken ct)
    {
        var begin = $"INFRA-BEGIN-{nonce}";
        var end = $"INFRA-END-{nonce} ";
        var lines = new List<string>();
        var started = false;
        while (await shell.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (!started) { started = line == begin; continue; }
            if (!line.StartsWith(end, StringComparison.Ordinal)) { lines.Add(line); continue; }
            var trailer = line[end.Length..].Split(' ');
            var stderr = trailer.Length > 1 && trailer[1].Length > 0 ? Encoding.UTF8.GetString(Convert.FromBase64String(trailer[1])) : "";
            return new ProcessResult(int.Parse(trailer[0], System.Globalization.CultureInfo.InvariantCulture), string.Join('\n', lines), stderr);
        }
        throw new SshException(await ClosedReasonAsync(shell));
    }

    // The script runs in the subshell of the command substitution that keeps its stderr (so its exit, traps, umask and
    // functions stay its own) without a new `sh`: on a small host every process started shows in each call's time.
    // The closing line starts on a line of its own: a script's output without a final newline gets one, which is taken
    // off again. stderr is base64 on that line, and only encoded when there is some.
    private static void Request(StringBuilder text, string nonce, ShellCall call)
    {
        var (script, arguments, stdin) = call;
        text.Append("printf '%s\\n' 'INFRA-BEGIN-").Append(nonce).Append("'\n")
            .Append("{ e=$( { set --");
        foreach (var a in arguments) text.Append(' ').Append(ShellQuote.Single(a));
        text.Append('\n').Append(script.TrimEnd('\n')).Append("\n} 2>&1 >&3");
        if (stdin is null) text.Append(" </dev/null\n");
        else
        {
            text.Append(" <<'INFRA-DATA-").Append(nonce).Append("'\n");
            foreach (var chunk in stdin.Split('\n')) text.Append(chunk).Append('\n');
            text.Append("INFRA-DATA-").Append(nonce).Append('\n');
        }
        text.Append("); r=$?; } 3>&1\n")
            .Append("[ -z \"$e\" ] || e=$(printf %s \"$e\" | base64 | tr -d '\\n')\n")
            .Append("printf '\\nINFRA-END-").Append(nonce).Append(" %s %s\\n' \"$r\" \"$e\"\n");
    }

    private async Task<string> ClosedReasonAsync(Process shell)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await shell.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { }
        string stderr;
        lock (_errors) stderr = _errors.ToString();
        return stderr.Trim().Length > 0 ? SshFailure.Describe(_connection.Target, stderr) : _connection.ClosedReason();
    }

    private void Stop(Process shell)
    {
        if (shell == _loginSession)
        {
            // The login's own process: killing it would end the connection. Its output is drained until the connection ends.
            _ = shell.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            return;
        }
        try { if (!shell.HasExited) shell.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        shell.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync();
        try
        {
            if (_shell is null || _shell == _loginSession) return;
            // Closing its stdin ends the remote shell; the connection's own close would cut it anyway.
            try { _shell.StandardInput.Close(); } catch (IOException) { }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await _shell.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
            Stop(_shell);
            _shell = null;
        }
        finally { _turn.Release(); }
    }
}
