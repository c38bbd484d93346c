using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Composition;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary><c>infra stack ls|output|export|import|history</c>.</summary>
public static class StackCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var command = new Command("stack", "Inspect stacks: list, outputs, export, import and history of state");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(Output(env));
        command.Subcommands.Add(StackExportCommand.Create(env));
        command.Subcommands.Add(StackImportCommand.Create(env, composition));
        command.Subcommands.Add(StackHistoryCommand.Create(env));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var command = new Command("ls", "List the project's stacks");
        command.SetAction(async (parse, ct) =>
        {
            var project = ProjectFile.Find(env.WorkingDirectory);
            await using var store = new StateStore(BackendFactory.Create(env.Variables));
            var withState = await store.ListStacksAsync(project.Name, ct);
            var withFile = project.StacksWithFiles();
            env.Out.WriteLine($"{"NAME",-20} {"STATE",-10} BACKEND");
            foreach (var name in withState.Union(withFile).Order(StringComparer.Ordinal))
                env.Out.WriteLine($"{name,-20} {(withState.Contains(name) ? "deployed" : "none"),-10} {store.Storage.Location}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Output(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var json = CommonOptions.Json();
        var show = CommonOptions.ShowSecrets();
        var name = new Argument<string?>("property-name") { Arity = ArgumentArity.ZeroOrOne, Description = "One output to print" };
        var command = new Command("output", "Show the stack's outputs") { stack, json, show, name };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var outputs = StackOutputs.Read(await session.LoadAsync(ct));
            var showSecrets = parse.GetValue(show);
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
