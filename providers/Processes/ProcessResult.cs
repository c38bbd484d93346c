namespace Infra.Providers.Processes;

/// <summary>How a child process ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line of stderr (or stdout), for one-line error messages.</summary>
    public string LastErrorLine
    {
        get
        {
            var text = Stderr.Trim().Length > 0 ? Stderr : Stdout;
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        }
    }
}
