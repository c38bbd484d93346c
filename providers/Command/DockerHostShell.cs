using Infra.Engine.Providers;
using Infra.Providers.Docker;

namespace Infra.Providers.Command;

/// <summary>The shell of the Docker host: this machine for unix://, the shared SSH connection for ssh://.</summary>
public sealed class DockerHostShell(DockerConnection docker) : IHostShellFactory
{
    /// <summary>The shell, or null for a host reached only through its API (tcp://).</summary>
    public async Task<IHostShell?> TryOpenAsync(CancellationToken ct)
    {
        if (docker.IsSsh) return new SshShell(await docker.OpenSshAsync(ct));
        return docker.Options.Host.StartsWith("unix://", StringComparison.Ordinal) ? LocalShell.Instance : null;
    }

    public async Task<IHostShell> OpenAsync(CancellationToken ct) =>
        await TryOpenAsync(ct)
        ?? throw new ProviderException($"commands on the Docker host need an ssh:// or unix:// host, not {docker.Options.Host}");
}
