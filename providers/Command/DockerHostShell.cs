using Infra.Providers.Docker;

namespace Infra.Providers.Command;

/// <summary>The shell of the Docker host: this machine for unix://, the shared SSH connection for ssh://.</summary>
public static class DockerHostShell
{
    public static async Task<IHostShell?> OpenAsync(DockerConnection docker, CancellationToken ct)
    {
        if (docker.IsSsh) return new SshShell(await docker.OpenSshAsync(ct));
        return docker.Options.Host.StartsWith("unix://", StringComparison.Ordinal) ? LocalShell.Instance : null;
    }

    public static async Task<IHostShell> RequireAsync(DockerConnection docker, CancellationToken ct) =>
        await OpenAsync(docker, ct)
        ?? throw new InvalidOperationException($"commands on the Docker host need an ssh:// or unix:// host, not {docker.Options.Host}");
}
