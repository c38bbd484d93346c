using Infra.Providers.Processes;

namespace Infra.Providers.Command;

/// <summary>Runs scripts with /bin/sh on this machine; secrets travel in the environment, not on the command line.</summary>
public sealed class LocalShell : IHostShell
{
    public static readonly LocalShell Instance = new();

    public string Where => "this machine";

    public Task<ProcessResult> RunAsync(string script, IReadOnlyDictionary<string, string> environment, string? directory, CancellationToken ct) =>
        ChildProcess.RunAsync("/bin/sh", ["-c", script], null, environment, directory, ct);
}
