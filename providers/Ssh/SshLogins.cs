namespace Infra.Providers.Ssh;

/// <summary>
/// The SSH logins of this process, one per destination (user, host, port) and ssh options: the state
/// backend and the Docker host share one when they name the same. A login starts with its first
/// holder, in the background, and is closed when its last holder lets go.
/// </summary>
public static class SshLogins
{
    private static readonly Dictionary<string, Entry> Open = new(StringComparer.Ordinal);

    /// <param name="forwardRemoteSocket">A remote socket to forward at login, when this call starts the login.</param>
    /// <param name="sessionCommand">A command the login runs, when this call starts the login (<see cref="SshConnection.TakeSession"/>).</param>
    public static SshLogin Hold(SshTarget target, IReadOnlyList<string> options, string? forwardRemoteSocket = null, string? sessionCommand = null)
    {
        target = target with { Path = null };
        var key = string.Join('\0', [target.ToString(), .. options]);
        lock (Open)
        {
            if (!Open.TryGetValue(key, out var entry))
            {
                entry = new Entry(SshConnection.OpenAsync(target, options, CancellationToken.None, forwardRemoteSocket, sessionCommand));
                Open[key] = entry;
            }
            entry.Holders++;
            return new SshLogin(entry.Connection, () => ReleaseAsync(key, entry));
        }
    }

    private static async ValueTask ReleaseAsync(string key, Entry entry)
    {
        lock (Open)
        {
            if (--entry.Holders > 0) return;
            Open.Remove(key);
        }
        try { await (await entry.Connection).DisposeAsync(); }
        catch (SshException) { /* the login failed: nothing to close */ }
    }

    private sealed class Entry(Task<SshConnection> connection)
    {
        public Task<SshConnection> Connection { get; } = connection;
        public int Holders { get; set; }
    }
}
