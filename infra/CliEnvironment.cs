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
    public static CliEnvironment FromProcess()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var terminal = !Console.IsOutputRedirected && !ci;
        return new CliEnvironment(Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable,
            Console.Out, Console.Error, Console.In, !Console.IsInputRedirected && terminal, terminal);
    }

    public int DefaultParallel =>
        int.TryParse(Variables("PULUMI_PARALLEL"), out var p) && p > 0 ? p : 4 * Environment.ProcessorCount;
}
