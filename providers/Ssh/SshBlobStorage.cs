using System.Text;
using Infra.Engine.State;
using Infra.Providers.Processes;

namespace Infra.Providers.Ssh;

/// <summary>
/// The <c>ssh://user@host[:port]/folder</c> backend: state files, their <c>.bak</c> and the lock in a folder
/// on a remote host, all through one OpenSSH connection (opened on first use, closed on dispose). Each
/// operation is one small shell script over that connection; see <see cref="RemoteFileScripts"/> for
/// how atomic writes and exclusive creates are made on the remote side.
/// </summary>
public sealed class SshBlobStorage : IBlobStorage, IAsyncDisposable
{
    private readonly SshTarget _target;
    private readonly IReadOnlyList<string> _sshOptions;
    private readonly Lazy<Task<SshConnection>> _connection;

    /// <param name="target">Who to log in as, where; its path is the remote folder (absolute, or <c>/~/x</c> for x under the login's home).</param>
    public SshBlobStorage(SshTarget target, IReadOnlyList<string> sshOptions)
    {
        if (target.Path is null or "/") throw new ArgumentException($"{target} names no folder", nameof(target));
        _target = target with { Path = null };
        _sshOptions = sshOptions;
        Root = target.Path.TrimEnd('/');
        _connection = new(() => SshConnection.OpenAsync(_target, _sshOptions, CancellationToken.None));
    }

    /// <summary>The remote folder as given in the URL.</summary>
    public string Root { get; }

    public string Location => $"{_target}{Root}";

    // ssh starts remote commands in the login's home, so "/~/x" becomes the relative path "x".
    private string RemoteRoot => Root.StartsWith("/~/", StringComparison.Ordinal) ? Root[3..] : Root == "/~" ? "." : Root;

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        var result = await RunAsync("read", RemoteFileScripts.Read, path, null, ct);
        if (result.ExitCode == RemoteFileScripts.Absent) return null;
        EnsureSucceeded(result, "read", path);
        return Convert.FromBase64String(result.Stdout);
    }

    public async Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct) =>
        EnsureSucceeded(await RunAsync("write", RemoteFileScripts.WriteAtomic, path, content, ct), "write", path);

    public async Task<bool> CreateExclusiveAsync(string path, byte[] content, CancellationToken ct)
    {
        var result = await RunAsync("create", RemoteFileScripts.CreateExclusive, path, content, ct);
        if (result.ExitCode == RemoteFileScripts.Exists) return false;
        EnsureSucceeded(result, "create", path);
        return true;
    }

    public async Task DeleteAsync(string path, CancellationToken ct) =>
        EnsureSucceeded(await RunAsync("delete", RemoteFileScripts.Delete, path, null, ct), "delete", path);

    public async Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken ct)
    {
        var result = await RunAsync("list", RemoteFileScripts.List, directory, null, ct);
        EnsureSucceeded(result, "list", directory);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<ProcessResult> RunAsync(string verb, string script, string path, byte[]? content, CancellationToken ct)
    {
        CheckRelative(path);
        var connection = await ConnectAsync(ct);
        var command = new StringBuilder("sh -c ").Append(ShellQuote.Single(script)).Append(" infra-state")
            .Append(' ').Append(ShellQuote.Single(RemoteRoot))
            .Append(' ').Append(ShellQuote.Single(path))
            .Append(' ').Append(Guid.NewGuid().ToString("N"));
        try
        {
            var result = await connection.RunAsync(command.ToString(), content is null ? null : Convert.ToBase64String(content), ct);
            // 255 is ssh's own failure (the connection went away), never one of the scripts' codes.
            if (result.ExitCode == 255)
                throw new StateException($"state backend {Location}: cannot {verb} {path}: {StripTarget(SshFailure.Describe(_target, result.Stderr))}");
            return result;
        }
        catch (SshException e)
        {
            throw new StateException($"state backend {Location}: cannot {verb} {path}: {StripTarget(e.Message)}");
        }
    }

    private async Task<SshConnection> ConnectAsync(CancellationToken ct)
    {
        try
        {
            return await _connection.Value.WaitAsync(ct);
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
        if (!_connection.IsValueCreated) return;
        try { await (await _connection.Value).DisposeAsync(); }
        catch (SshException) { /* the login failed: nothing to close */ }
    }
}
