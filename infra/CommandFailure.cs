namespace Infra.Cli;

/// <summary>Ends a command with a message and a specific exit code.</summary>
public sealed class CommandFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
