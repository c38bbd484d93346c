namespace Infra.Providers.Command;

/// <summary>Opens the shell of the host that <c>command:Remote</c> scripts run on.</summary>
public interface IHostShellFactory
{
    /// <exception cref="Engine.Providers.ProviderException">The host offers no shell; the message says why.</exception>
    Task<IHostShell> OpenAsync(CancellationToken ct);
}
