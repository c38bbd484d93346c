using System.Text;
using Infra.Engine.State;
using Infra.Providers.Processes;

namespace Infra.Providers.Ssh;

/// <summary>
/// The <c>ssh://user@host[:port]/folder</c> backend: state files, their <c>.bak</c> and the lock in a folder
/// on a remote host, all through one OpenSSH connection (logged in from construction, in the background,
/// and shared with a Docker host reached as the same user, host, port and options; see <see cref="SshLogins"/>).
/// Each operation is one small shell script run by one remote shell kept for the run (<see cref="RemoteShell"/>), or a few
/// sent together where the caller says what follows (a lock and the files read under it, a write and the files to
/// delete once it is done): one round trip each;
/// see <see cref="RemoteFileScripts"/> for how atomic writes and exclusive creates are made on the remote side.
/// A write of bytes that a file there already holds (a history entry is the checkpoint the state file holds) copies
/// that file on the host instead of sending them, once the host confirms the file still has them (SHA-256).
/// </summary>
public sealed class SshBlobStorage : IBlobStorage, IAsyncDisposable
{
    private readonly SshTarget _target;
    private readonly SshLogin _login;
    private readonly Task<RemoteShell> _shell;
    private readonly Dictionary<string, string> _knownContent = new(StringComparer.Ordinal);
    // Files read in the same round trip as a lock's creation, for the caller's next read of each (once).
    private readonly Dictionary<string, byte[]?> _readAhead = new(StringComparer.Ordinal);

    /// <param name="target">Who to log in as, where; its path is the remote folder (absolute, or <c>/~/x</c> for x under the login's home).</param>
    /// <param name="forwardRemoteSocket">A remote socket its login also forwards (for a Docker host reached on the same login).</param>
    public SshBlobStorage(SshTarget target, IReadOnlyList<string> sshOptions, string? forwardRemoteSocket = null)
    {
        if (target.Path is null or "/") throw new ArgumentException($"{target} names no folder", nameof(target));
        _target = target with { Path = null };
        Root = target.Path.TrimEnd('/');
        _login = SshLogins.Hold(_target, sshOptions, forwardRemoteSocket, RemoteShell.Command);
        _shell = StartShellAsync(_login);
    }

    private static async Task<RemoteShell> StartShellAsync(SshLogin login)
    {
        var shell = new RemoteShell(await login.Connection);
        shell.Start();
        return shell;
    }

    /// <summary>The remote folder as given in the URL.</summary>
    public string Root { get; }

    public string Location => $"{_target}{Root}";

    // ssh starts remote commands in the login's home, so "/~/x" becomes the relative path "x".
    private string RemoteRoot => Root.StartsWith("/~/", StringComparison.Ordinal) ? Root[3..] : Root == "/~" ? "." : Root;

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        lock (_readAhead)
            if (_readAhead.Remove(path, out var ahead)) return ahead;
        return ReadResult(await RunAsync("read", Call(RemoteFileScripts.Read, path, null), path, ct), path);
    }

    private byte[]? ReadResult(ProcessResult result, string path)
    {
        if (result.ExitCode == RemoteFileScripts.Absent)
        {
            Forget(path);
            return null;
        }
        EnsureSucceeded(result, "read", path);
        var content = Convert.FromBase64String(result.Stdout);
        Remember(path, Fingerprint(content));
        return content;
    }

    public Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct) => WriteAtomicAsync(path, content, [], ct);

    /// <summary>Writes the file and, once it is written, deletes <paramref name="thenDelete"/> in the same round trip.</summary>
    public async Task WriteAtomicAsync(string path, byte[] content, IReadOnlyList<string> thenDelete, CancellationToken ct)
    {
        Changed(path);
        foreach (var gone in thenDelete)
        {
            CheckRelative(gone);
            Changed(gone);
        }
        var deletes = RemoteFileScripts.DeleteAfter(thenDelete);
        var sha = Fingerprint(content);
        if (HolderOf(sha, path) is { } source)
        {
            var copied = await RunAsync("write", Call(RemoteFileScripts.CopyAtomic + deletes, path, null, source, sha!), path, ct);
            if (copied.ExitCode != RemoteFileScripts.SourceDiffers)
            {
                EnsureSucceeded(copied, "write", path);
                Written(path, sha, thenDelete);
                return;
            }
            Forget(source);
        }
        EnsureSucceeded(await RunAsync("write", SendCall(RemoteFileScripts.WriteAtomic + deletes, path, content), path, ct), "write", path);
        Written(path, sha, thenDelete);
    }

    private void Written(string path, string? sha, IReadOnlyList<string> deleted)
    {
        Remember(path, sha);
        foreach (var gone in deleted) Forget(gone);
    }

    public Task<bool> CreateExclusiveAsync(string path, byte[] content, CancellationToken ct) => CreateExclusiveAsync(path, content, [], ct);

    /// <summary>Creates the file and, once it is created, reads <paramref name="readNext"/> in the same round trip.</summary>
    public async Task<bool> CreateExclusiveAsync(string path, byte[] content, IReadOnlyList<string> readNext, CancellationToken ct)
    {
        Changed(path);
        var results = await RunAsync("create", [SendCall(RemoteFileScripts.CreateExclusive, path, content), .. readNext.Select(p => Call(RemoteFileScripts.Read, p, null))], path, ct);
        if (results[0].ExitCode == RemoteFileScripts.Exists) return false;
        EnsureSucceeded(results[0], "create", path);
        for (var i = 0; i < readNext.Count; i++)
        {
            // A read that failed is not kept: the caller's own read fails with its reason.
            byte[]? read;
            try { read = ReadResult(results[i + 1], readNext[i]); }
            catch (StateException) { continue; }
            lock (_readAhead) _readAhead[readNext[i]] = read;
        }
        return true;
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        Changed(path);
        EnsureSucceeded(await RunAsync("delete", Call(RemoteFileScripts.Delete, path, null), path, ct), "delete", path);
    }

    /// <summary>A script that stores <paramref name="content"/>: as its argument when it is text the shell can carry, else base64 on its stdin.</summary>
    private ShellCall SendCall(string script, string path, byte[] content) =>
        AsShellText(content) is { } text ? Call(script, path, null, text) : Call(script, path, content);

    private const int ArgumentTextBytes = 32 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Small UTF-8 text without NUL (a lock, an index) travels as an argument: no base64 decoder to start there.</summary>
    private static string? AsShellText(byte[] content)
    {
        if (content.Length > ArgumentTextBytes || Array.IndexOf(content, (byte)0) >= 0) return null;
        try { return StrictUtf8.GetString(content); }
        catch (DecoderFallbackException) { return null; }
    }

    // Only files big enough for the copy to beat sending them (a checkpoint, not a lock or an index).
    private const int CopyWorthBytes = 16 * 1024;

    /// <summary>The content's SHA-256, for content big enough to be worth copying; else null.</summary>
    private static string? Fingerprint(byte[] content) =>
        content.Length < CopyWorthBytes ? null : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>A file other than <paramref name="target"/> this storage last saw holding the content of this fingerprint.</summary>
    private string? HolderOf(string? sha, string target)
    {
        if (sha is null) return null;
        lock (_knownContent)
            foreach (var (path, known) in _knownContent)
                if (known == sha && path != target) return path;
        return null;
    }

    private void Remember(string path, string? sha)
    {
        if (sha is null) { Forget(path); return; }
        lock (_knownContent) _knownContent[path] = sha;
    }

    private void Forget(string path)
    {
        lock (_knownContent) _knownContent.Remove(path);
    }

    /// <summary>This storage changes the file: what was read of it ahead is no longer what it holds.</summary>
    private void Changed(string path)
    {
        lock (_readAhead) _readAhead.Remove(path);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken ct)
    {
        var result = await RunAsync("list", Call(RemoteFileScripts.List, directory, null), directory, ct);
        EnsureSucceeded(result, "list", directory);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A script on <paramref name="path"/>: its $1 the remote folder, $2 the path, $3 a token unique to the call, then <paramref name="extra"/>.</summary>
    private ShellCall Call(string script, string path, byte[]? content, params string[] extra)
    {
        CheckRelative(path);
        return new ShellCall(script, [RemoteRoot, path, Guid.NewGuid().ToString("N"), .. extra], content is null ? null : Base64Lines(content));
    }

    private async Task<ProcessResult> RunAsync(string verb, ShellCall call, string path, CancellationToken ct) =>
        (await RunAsync(verb, [call], path, ct))[0];

    private async Task<IReadOnlyList<ProcessResult>> RunAsync(string verb, IReadOnlyList<ShellCall> calls, string path, CancellationToken ct)
    {
        var shell = await ConnectAsync(ct);
        try
        {
            return await shell.RunAsync(calls, ct);
        }
        catch (SshException e)
        {
            throw new StateException($"state backend {Location}: cannot {verb} {path}: {StripTarget(e.Message)}");
        }
    }

    private static string Base64Lines(byte[] content)
    {
        var text = Convert.ToBase64String(content);
        var lines = new StringBuilder(text.Length + text.Length / 76 + 1);
        for (var i = 0; i < text.Length; i += 76) lines.Append(text, i, Math.Min(76, text.Length - i)).Append('\n');
        return lines.ToString();
    }

    private async Task<RemoteShell> ConnectAsync(CancellationToken ct)
    {
        try
        {
            return await _shell.WaitAsync(ct);
        }
        catch (SshException e)
        {
            throw new StateException($"state backend {Location}: {StripTarget(e.Message)}");
        }
    }

    private void EnsureSucceeded(ProcessResult result, string verb, string path)
    {
        if (result.Succeeded) return;
        var detail = result.LastErrorLine;
        var who = _target.User ?? "the login user";
        if (detail.Contains("Permission denied", StringComparison.OrdinalIgnoreCase) || detail.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("Operation not permitted", StringComparison.OrdinalIgnoreCase))
            throw new StateException($"state backend {Location}: permission denied for {who} on {_target.Host}: cannot {verb} {Root}/{path} ({detail})");
        throw new StateException($"state backend {Location}: cannot {verb} {Root}/{path} on {_target.Host} (exit {result.ExitCode}: {(detail.Length == 0 ? "no message" : detail)})");
    }

    private static void CheckRelative(string path)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(p => p is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a relative path inside the state folder", nameof(path));
    }

    // SshFailure's lines start with the target, which the backend's location already names.
    private string StripTarget(string message)
    {
        var prefix = $"{_target}: ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    public async ValueTask DisposeAsync()
    {
        try { await (await _shell).DisposeAsync(); }
        catch (SshException) { /* the login failed: nothing to close */ }
        await _login.DisposeAsync();
    }
}
