using Infra.Providers.Processes;

namespace Infra.Providers.Command;

/// <summary>Runs a POSIX shell script somewhere: this machine or a host over SSH.</summary>
public interface IHostShell
{
    /// <summary>Where scripts run, for messages.</summary>
    string Where { get; }

    Task<ProcessResult> RunAsync(string script, IReadOnlyDictionary<string, string> environment, string? directory, CancellationToken ct);
}
