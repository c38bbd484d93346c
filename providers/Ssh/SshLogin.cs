namespace Infra.Providers.Ssh;

/// <summary>One holder's share of a login from <see cref="SshLogins"/>; disposing it lets go (once).</summary>
public sealed class SshLogin(Task<SshConnection> connection, Func<ValueTask> release) : IAsyncDisposable
{
    private int _released;

    /// <summary>The connection, or the login's error (an <see cref="SshException"/>).</summary>
    public Task<SshConnection> Connection { get; } = connection;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
}
