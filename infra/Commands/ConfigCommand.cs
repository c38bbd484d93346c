using System.CommandLine;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Properties;

namespace Infra.Cli.Commands;

/// <summary><c>infra config [get|set|rm]</c> on <c>Pulumi.&lt;stack&gt;.yaml</c>; with no verb, the stack's values.</summary>
public static class ConfigCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var json = CommonOptions.Json();
        var show = CommonOptions.ShowSecrets();
        var command = new Command("config", "Read and change the stack's configuration; with no verb, list its values") { stack, json, show };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            ConfigListing.Print(env.Out, session, parse.GetValue(json), parse.GetValue(show));
            return ExitCodes.Ok;
        });
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
        var path = new Option<bool>("--path") { Description = "The key is a path into a map or list: caddy.users.admin, tenants[0], [\"key.with.dot\"]; true, false and whole numbers are stored typed" };
        var key = new Argument<string>("key");
        var value = new Argument<string?>("value") { Arity = ArgumentArity.ZeroOrOne, Description = "The value (read from standard input when absent)" };
        var command = new Command("set", "Set a config value") { stack, secret, plaintext, path, key, value };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(secret) && parse.GetValue(plaintext))
                throw new CommandFailure(ExitCodes.BadConfiguration, "--secret and --plaintext cannot be used together");
            // Parsed before anything is read or written: a path that does not parse changes nothing.
            var configPath = parse.GetValue(path) ? ConfigPath.Parse(parse.GetValue(key)!) : new ConfigPath(parse.GetValue(key)!, []);
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var text = parse.GetValue(value) ?? env.In.ReadToEnd().TrimEnd('\n', '\r');
            var file = session.Workspace.StackFile;
            var full = ConfigKey.Parse(configPath.Key, session.Project).ToString();
            // A path that does not fit the stored value fails here, before encrypting could write a salt.
            configPath.Set(file.Values[full]?.DeepClone(), JsonValue.Create(""));
            JsonNode stored = parse.GetValue(secret)
                ? new JsonObject { ["secure"] = session.Workspace.Crypter().Encrypt(text) }
                : JsonValue.Create(text);
            if (parse.GetValue(path) && !parse.GetValue(secret)) stored = ConfigPath.Typed(text);
            file.Values[full] = configPath.Set(file.Values[full]?.DeepClone(), stored);
            file.Save();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var path = new Option<bool>("--path") { Description = "The key is a path into a map or list: caddy.users.admin, tenants[0]" };
        var key = new Argument<string>("key");
        var command = new Command("rm", "Remove a config value") { stack, path, key };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var configPath = parse.GetValue(path) ? ConfigPath.Parse(parse.GetValue(key)!) : new ConfigPath(parse.GetValue(key)!, []);
            var full = ConfigKey.Parse(configPath.Key, session.Project).ToString();
            var file = session.Workspace.StackFile;
            var removed = configPath.Segments.Count == 0 ? file.Values.Remove(full) : configPath.Remove(file.Values[full]);
            if (!removed)
                throw new CommandFailure(ExitCodes.Error, $"configuration key '{full}' not found for stack '{session.Stack}'");
            file.Save();
            return ExitCodes.Ok;
        });
        return command;
    }
}
