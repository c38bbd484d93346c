namespace Infra.Cli;

/// <summary>What the CLI reads from its process: working folder, environment, streams, terminal-ness.</summary>
public sealed record CliEnvironment(
    string WorkingDirectory,
    Func<string, string?> Variables,
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    bool IsInteractive,
    bool IsTerminal)
{
    /// <summary>Whether plans and summaries are coloured (<c>--color</c>, <c>NO_COLOR</c>; see <c>Rendering.Palette.Choose</c>).</summary>
    public bool Color { get; init; }

    /// <summary>Reads a line without echoing it (a passphrase at the terminal); null: read <see cref="In"/>.</summary>
    public Func<string?>? ReadHidden { get; init; }

    public static CliEnvironment FromProcess()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var terminal = !Console.IsOutputRedirected && !ci;
        var interactive = !Console.IsInputRedirected && terminal;
        return new CliEnvironment(Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable,
            Console.Out, Console.Error, Console.In, interactive, terminal) { ReadHidden = interactive ? ReadConsoleHidden : null };
    }

    private static string? ReadConsoleHidden()
    {
        var line = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) return line.ToString();
            if (key.Key == ConsoleKey.Backspace) { if (line.Length > 0) line.Length--; }
            else if (key.KeyChar != '\0') line.Append(key.KeyChar);
        }
    }

    /// <summary>The user's home folder (<c>HOME</c>): the default backend and the selected stacks live under it.</summary>
    public string Home => Variables("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary><c>INFRA_PARALLEL</c> / <c>PULUMI_PARALLEL</c>, else 4 × cores; a value that is not a positive number is exit 2.</summary>
    public int DefaultParallel => Sessions.PulumiVariables.DefaultParallel(Variables);

    /// <summary><c>INFRA_SKIP_CONFIRMATIONS</c> / <c>PULUMI_SKIP_CONFIRMATIONS</c> set to true: as if <c>--yes</c> were passed.</summary>
    public bool SkipConfirmations => Sessions.PulumiVariables.Flag(Variables, Sessions.PulumiVariables.SkipConfirmations);
}
