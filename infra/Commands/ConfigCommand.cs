using System.CommandLine;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Properties;

namespace Infra.Cli.Commands;

/// <summary><c>infra config get|set|rm</c> on <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
public static class ConfigCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("config", "Read and change the stack's configuration");
        command.Subcommands.Add(Get(env));
        command.Subcommands.Add(Set(env));
        command.Subcommands.Add(Remove(env));
        return command;
    }

    private static Command Get(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var json = CommonOptions.Json();
        var key = new Argument<string>("key");
        var command = new Command("get", "Print one config value (secrets decrypted)") { stack, json, key };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var full = ConfigKey.Parse(parse.GetValue(key)!, session.Project).ToString();
            var value = session.Workspace.OpenConfig().Get(full)
                ?? throw new CommandFailure(ExitCodes.Error, $"configuration key '{full}' not found for stack '{session.Stack}'");
            env.Out.WriteLine(parse.GetValue(json) ? Secret.RevealAll(value)?.ToJsonString() : StackOutputs.Text(value, showSecrets: true));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var secret = new Option<bool>("--secret") { Description = "Encrypt the value with the stack's passphrase" };
        var plaintext = new Option<bool>("--plaintext") { Description = "Store the value as plain text" };
        var path = new Option<bool>("--path") { Description = "The key is a path into a map: infra:caddy.users.admin" };
        var key = new Argument<string>("key");
        var value = new Argument<string?>("value") { Arity = ArgumentArity.ZeroOrOne, Description = "The value (read from standard input when absent)" };
        var command = new Command("set", "Set a config value") { stack, secret, plaintext, path, key, value };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(secret) && parse.GetValue(plaintext))
                throw new CommandFailure(ExitCodes.BadConfiguration, "--secret and --plaintext cannot be used together");
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var text = parse.GetValue(value) ?? env.In.ReadToEnd().TrimEnd('\n', '\r');
            var file = session.Workspace.StackFile;
            JsonNode stored = parse.GetValue(secret)
                ? new JsonObject { ["secure"] = session.Workspace.Crypter().Encrypt(text) }
                : JsonValue.Create(text);
            var (full, inner) = SplitPath(parse.GetValue(key)!, session.Project, parse.GetValue(path));
            if (inner is null) file.Values[full] = stored;
            else
            {
                if (file.Values[full] is not JsonObject map) file.Values[full] = map = [];
                PropertyDiff.SetAt(map, inner, stored, present: true);
            }
            file.Save();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (string Key, string? Path) SplitPath(string text, string project, bool isPath)
    {
        if (!isPath) return (ConfigKey.Parse(text, project).ToString(), null);
        var dot = text.IndexOf('.');
        if (dot < 0) return (ConfigKey.Parse(text, project).ToString(), null);
        return (ConfigKey.Parse(text[..dot], project).ToString(), text[(dot + 1)..]);
    }

    private static Command Remove(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var key = new Argument<string>("key");
        var command = new Command("rm", "Remove a config value") { stack, key };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var full = ConfigKey.Parse(parse.GetValue(key)!, session.Project).ToString();
            var file = session.Workspace.StackFile;
            if (!file.Values.Remove(full))
                throw new CommandFailure(ExitCodes.Error, $"configuration key '{full}' not found for stack '{session.Stack}'");
            file.Save();
            return ExitCodes.Ok;
        });
        return command;
    }
}
