using Infra.Cli;
using Infra.Cli.Composition;
using Infra.Providers.Random;

namespace Infra.Ci.Tests.Fixtures;

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the `infra` CLI in-process (CliApp.RunAsync) in a folder, with its own environment variables.</summary>
public sealed class CliRun(string workingDirectory)
{
    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public string WorkingDirectory => workingDirectory;

    public Task<CliResult> RunAsync(PasswordsProgram program, params string[] args) =>
        RunAsync(StackComposition.Of(program, new RandomProvider()), args);

    public async Task<CliResult> RunAsync(StackComposition program, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment(workingDirectory, name => Env.GetValueOrDefault(name), TextWriter.Synchronized(output),
            TextWriter.Synchronized(error), TextReader.Null, IsInteractive: false, IsTerminal: false);
        var code = await CliApp.RunAsync(args, env, program);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
