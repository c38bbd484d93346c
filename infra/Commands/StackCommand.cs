using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary><c>infra stack ls|init|select|rm|rename|output|export|import</c>.</summary>
public static class StackCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("stack", "Inspect stacks: list, outputs, export and import of state");
        command.Subcommands.Add(StackListCommand.Create(env));
        command.Subcommands.Add(StackInitCommand.Create(env));
        command.Subcommands.Add(StackSelectCommand.Create(env));
        command.Subcommands.Add(StackRemoveCommand.Create(env));
        command.Subcommands.Add(StackRenameCommand.Create(env));
        command.Subcommands.Add(Output(env));
        command.Subcommands.Add(Export(env));
        command.Subcommands.Add(Import(env));
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

    private static Command Export(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var file = new Option<string?>("--file") { Description = "Write to this file instead of standard output" };
        var show = CommonOptions.ShowSecrets();
        var command = new Command("export", "Export the stack's state as JSON") { stack, file, show };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var raw = await session.Store.ReadRawAsync(session.Project, session.Stack, ct)
                ?? CheckpointSerializer.Write(session.Project, session.Stack, StackSnapshot.Empty, null, null);
            var text = System.Text.Encoding.UTF8.GetString(raw);
            if (parse.GetValue(show))
            {
                var node = JsonNode.Parse(text)!;
                text = ShowPlaintext(CheckpointSerializer.Decrypt(node, () => session.Crypter))!.ToJsonString(Indented);
            }
            if (parse.GetValue(file) is { } path) await File.WriteAllTextAsync(path, text, ct);
            else env.Out.WriteLine(text);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Pulumi's export --show-secrets form: the signature object with a <c>plaintext</c> field.</summary>
    private static JsonNode? ShowPlaintext(JsonNode? node) => node switch
    {
        JsonObject o when Secret.IsSecret(o) => new JsonObject
        {
            [Secret.SigKey] = Secret.SigValue,
            ["plaintext"] = (Secret.Reveal(o) ?? JsonValue.Create((string?)null))?.ToJsonString() ?? "null",
        },
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, ShowPlaintext(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(ShowPlaintext).ToArray()),
        _ => node?.DeepClone(),
    };

    private static Command Import(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var file = new Option<string>("--file") { Description = "The exported state to import", Required = true };
        var force = new Option<bool>("--force", "-f") { Description = "Import even if pending operations remain" };
        var command = new Command("import", "Replace the stack's state with an exported one") { stack, file, force };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new CommandFailure(ExitCodes.BadConfiguration, $"--file: {path} does not exist");
            var (snapshot, _) = CheckpointSerializer.Read(await File.ReadAllBytesAsync(path, ct), path, () => session.Crypter);
            if (snapshot.PendingOperations.Count > 0 && !parse.GetValue(force))
                throw new CommandFailure(ExitCodes.Error, $"{path} has {snapshot.PendingOperations.Count} pending operations; pass --force to import anyway");
            await using var stackLock = await session.Store.LockAsync(session.Project, session.Stack, "infra stack import", session.Warn, ct);
            await session.SaveAsync(snapshot, ct);
            env.Out.WriteLine($"Import complete: {snapshot.Resources.Count} resources.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
