using System.CommandLine;
using Infra.Cli.Commands;
using Infra.Cli.Composition;
using Infra.Engine;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.Secrets;

namespace Infra.Cli;

/// <summary>The `infra` command: parses, runs one verb, maps every outcome to Pulumi's exit codes.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, StackComposition program, CancellationToken cancel = default)
    {
        env = env with { Color = Rendering.Palette.Choose(args, env) };
        var root = new RootCommand("infra: deploy the self-hosted stack to Docker hosts with Pulumi's model, files and verbs");
        root.Subcommands.Add(PreviewCommand.Create(env, program));
        root.Subcommands.Add(UpCommand.Create(env, program, () => cancel));
        root.Subcommands.Add(RefreshCommand.Create(env, program));
        root.Subcommands.Add(DestroyCommand.Create(env, program, () => cancel));
        root.Subcommands.Add(StackCommand.Create(env, program));
        root.Subcommands.Add(StateCommand.Create(env));
        root.Subcommands.Add(ImportCommand.Create(env, program));
        root.Subcommands.Add(ConfigCommand.Create(env));
        root.Subcommands.Add(CancelCommand.Create(env));
        root.Subcommands.Add(VerifyCommand.Create(env, program));
        root.Subcommands.Add(CompletionCommand.Create(env));
        var color = new Option<string>("--color") { Description = "Colour the output: always, never or auto (a terminal without NO_COLOR)", Recursive = true };
        color.AcceptOnlyFromAmong("always", "never", "auto");
        root.Options.Add(color);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) env.Error.WriteLine($"error: {error.Message}");
            if (args.Length == 0) return ExitCodes.BadConfiguration;
            env.Error.WriteLine("run `infra --help` for usage");
            return ExitCodes.BadConfiguration;
        }
        try
        {
            var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(config, CancellationToken.None);
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e);
            foreach (var line in message.Split('\n', StringSplitOptions.RemoveEmptyEntries)) env.Error.WriteLine($"error: {line.TrimEnd('\r')}");
            // A bug, not something the user did: where it happened only on request.
            if (code == ExitCodes.Internal && !string.IsNullOrEmpty(env.Variables(DebugVariable))) env.Error.WriteLine(e.ToString());
            return code;
        }
    }

    /// <summary>Set to print where an internal error (exit 255) happened.</summary>
    public const string DebugVariable = "INFRA_DEBUG";

    /// <summary>The exit code and the message for an exception that ended a command; the message never names a .NET type.</summary>
    internal static (int Code, string Message) Classify(Exception e) => e switch
    {
        CommandFailure f => (f.ExitCode, f.Message),
        ConfigException or IncorrectPassphraseException => (ExitCodes.BadConfiguration, e.Message),
        // A --target, --exclude or --replace naming no resource is bad input, like an unknown flag.
        UnknownTargetException => (ExitCodes.BadConfiguration, e.Message),
        // Engine errors (program, state, lock) and provider failures (host, operation, SSH, command) happen at run time.
        EngineException or ProviderException => (ExitCodes.Error, e.Message),
        // A connection that broke outside any provider's own handling is still a run-time failure, not a bug.
        HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException => (ExitCodes.Error, e.Message),
        // A state folder or file this user may not write (read-only, immutable, another owner): a failure at run time.
        UnauthorizedAccessException => (ExitCodes.Error, e.Message),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
        _ => (ExitCodes.Internal, $"internal error: {e.Message}"),
    };
}
