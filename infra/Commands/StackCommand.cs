using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Composition;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary><c>infra stack ls|init|select|rm|rename|output|export|import|history|change-secrets-provider</c>.</summary>
public static class StackCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var command = new Command("stack", "Manage stacks: list, create, select, remove, rename; outputs, export, import and history of state; change the passphrase");
        command.Subcommands.Add(StackListCommand.Create(env));
        command.Subcommands.Add(StackInitCommand.Create(env));
        command.Subcommands.Add(StackSelectCommand.Create(env));
        command.Subcommands.Add(StackRemoveCommand.Create(env));
        command.Subcommands.Add(StackRenameCommand.Create(env));
        command.Subcommands.Add(Output(env));
        command.Subcommands.Add(StackExportCommand.Create(env));
        command.Subcommands.Add(StackImportCommand.Create(env, composition));
        command.Subcommands.Add(StackHistoryCommand.Create(env));
        command.Subcommands.Add(StackChangeSecretsProviderCommand.Create(env));
        return command;
    }

    private static Command Output(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var json = CommonOptions.Json();
        var show = CommonOptions.ShowSecrets();
        var shell = new Option<bool>("--shell") { Description = "Print `export NAME='value'` lines for a shell to eval" };
        var name = new Argument<string?>("property-name") { Arity = ArgumentArity.ZeroOrOne, Description = "One output to print" };
        var command = new Command("output", "Show the stack's outputs") { stack, json, show, shell, name };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var outputs = StackOutputs.Read(await session.LoadAsync(ct));
            var showSecrets = parse.GetValue(show);
            if (parse.GetValue(json) && parse.GetValue(shell))
                throw new CommandFailure(ExitCodes.BadConfiguration, "--json and --shell cannot be used together");
            if (parse.GetValue(shell))
            {
                if (parse.GetValue(name) is { } one && !outputs.ContainsKey(one))
                    throw new CommandFailure(ExitCodes.Error, $"current stack does not have output property '{one}'");
                var selected = parse.GetValue(name) is { } only ? new JsonObject { [only] = outputs[only]?.DeepClone() } : outputs;
                foreach (var line in ShellExports.Lines(selected, showSecrets)) env.Out.WriteLine(line);
                return ExitCodes.Ok;
            }
            if (parse.GetValue(name) is { } key)
            {
                if (!outputs.TryGetPropertyValue(key, out var value))
                    throw new CommandFailure(ExitCodes.Error, $"current stack does not have output property '{key}'");
                env.Out.WriteLine(parse.GetValue(json)
                    ? (showSecrets ? Secret.RevealAll(value) : Secret.Masked(value))?.ToJsonString(Indented) ?? "null"
                    : StackOutputs.Text(value, showSecrets));
                return ExitCodes.Ok;
            }
            if (parse.GetValue(json))
            {
                env.Out.WriteLine((showSecrets ? Secret.RevealAll(outputs) : Secret.Masked(outputs))!.ToJsonString(Indented));
                return ExitCodes.Ok;
            }
            env.Out.WriteLine($"Current stack outputs ({outputs.Count}):");
            var width = outputs.Select(kv => kv.Key.Length).DefaultIfEmpty(6).Max();
            env.Out.WriteLine($"    {"OUTPUT".PadRight(width)}  VALUE");
            foreach (var (k, v) in outputs) env.Out.WriteLine($"    {k.PadRight(width)}  {StackOutputs.Text(v, showSecrets)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
