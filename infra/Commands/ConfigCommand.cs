using System.CommandLine;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.Secrets.Rotation;
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
        command.Subcommands.Add(SetAll(env));
        command.Subcommands.Add(Copy(env));
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
            var entry = Entry(parse.GetValue(key)!, null, parse.GetValue(secret), parse.GetValue(path));
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var text = parse.GetValue(value) ?? env.In.ReadToEnd().TrimEnd('\n', '\r');
            var file = session.Workspace.StackFile;
            Store(session, file, entry with { Text = text });
            file.Save();
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One value to store: where (a key or a path into it), the text, and how (secret, typed by --path).</summary>
    private sealed record ConfigEntry(ConfigPath Path, string? Text, bool Secret, bool Typed);

    private static ConfigEntry Entry(string key, string? text, bool secret, bool path) =>
        new(path ? ConfigPath.Parse(key) : new ConfigPath(key, []), text, secret, path);

    private static void Store(StackSession session, StackConfigFile file, ConfigEntry entry)
    {
        var full = ConfigKey.Parse(entry.Path.Key, session.Project).ToString();
        // A path that does not fit the stored value fails here, before encrypting could write a salt.
        entry.Path.Set(file.Values[full]?.DeepClone(), JsonValue.Create(""));
        JsonNode stored = entry.Secret
            ? new JsonObject { ["secure"] = session.Workspace.Crypter().Encrypt(entry.Text!) }
            : entry.Typed ? ConfigPath.Typed(entry.Text!) : JsonValue.Create(entry.Text!);
        file.Values[full] = entry.Path.Set(file.Values[full]?.DeepClone(), stored);
    }

    /// <summary><c>config set-all --plaintext k=v --secret k=v [--path]</c>, as Pulumi's: all or nothing, one write.</summary>
    private static Command SetAll(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var plaintext = new Option<string[]>("--plaintext") { Description = "key=value to store as plain text (repeatable)", AllowMultipleArgumentsPerToken = false };
        var secret = new Option<string[]>("--secret") { Description = "key=value to encrypt (repeatable)", AllowMultipleArgumentsPerToken = false };
        var path = new Option<bool>("--path") { Description = "Keys are paths into maps or lists (a.b, list[0]); plain values are stored typed" };
        var command = new Command("set-all", "Set several config values at once") { stack, plaintext, secret, path };
        command.SetAction(async (parse, ct) =>
        {
            var entries = Pairs(parse.GetValue(plaintext), "--plaintext").Select(p => Entry(p.Key, p.Value, false, parse.GetValue(path)))
                .Concat(Pairs(parse.GetValue(secret), "--secret").Select(p => Entry(p.Key, p.Value, true, parse.GetValue(path)))).ToList();
            if (entries.Count == 0) throw new CommandFailure(ExitCodes.BadConfiguration, "config set-all needs at least one --plaintext or --secret key=value");
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var file = session.Workspace.StackFile;
            foreach (var entry in entries) Store(session, file, entry);
            file.Save();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string[]? values, string option) =>
        (values ?? []).Select(v => v.IndexOf('=') is var i && i > 0
            ? KeyValuePair.Create(v[..i], v[(i + 1)..])
            : throw new CommandFailure(ExitCodes.BadConfiguration, $"{option} {v}: expected key=value"));

    /// <summary>
    /// <c>config cp [KEY] --dest STACK [--path]</c>, as Pulumi's: one value, or every value, copied to another stack of
    /// the project; secrets are decrypted with this stack's key and encrypted again with the destination's.
    /// </summary>
    private static Command Copy(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var dest = new Option<string>("--dest", "-d") { Description = "The stack to copy to", Required = true };
        var path = new Option<bool>("--path") { Description = "The key is a path into a map or list" };
        var key = new Argument<string?>("key") { Arity = ArgumentArity.ZeroOrOne, Description = "The key to copy (all of them when absent)" };
        var command = new Command("cp", "Copy config values to another stack") { stack, dest, path, key };
        command.SetAction(async (parse, ct) =>
        {
            var only = parse.GetValue(key) is { } k ? (parse.GetValue(path) ? ConfigPath.Parse(k) : new ConfigPath(k, [])) : null;
            await using var source = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            await using var target = await StackSession.OpenAsync(env, parse.GetValue(dest), mayCreate: false, ct);
            if (target.Stack == source.Stack) throw new CommandFailure(ExitCodes.BadConfiguration, "config cp: --dest is the stack being copied from");
            var values = source.Workspace.StackFile.Values;
            var file = target.Workspace.StackFile;
            var keys = only is null ? values.Select(kv => kv.Key).ToList() : [ConfigKey.Parse(only.Key, source.Project).ToString()];
            foreach (var full in keys)
            {
                var value = values[full] ?? throw new CommandFailure(ExitCodes.Error, $"configuration key '{full}' not found for stack '{source.Stack}'");
                if (only is { Segments.Count: > 0 })
                    value = only.Get(value) ?? throw new CommandFailure(ExitCodes.Error, $"configuration path '{parse.GetValue(key)}' not found for stack '{source.Stack}'");
                // Stored values are copied as they are; secure leaves are opened with this stack's key and sealed with the destination's.
                var stored = StackConfig.HasSecureValues(value)
                    ? Reencryption.StackConfig(new JsonObject { [full] = value.DeepClone() }, source.Workspace.Crypter(), target.Workspace.Crypter(), source.Workspace.StackFile.Path, out _)[full]!.DeepClone()
                    : value.DeepClone();
                file.Values[full] = only is { Segments.Count: > 0 } ? only.Set(file.Values[full]?.DeepClone(), stored) : stored;
            }
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
