using System.CommandLine;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack export [--file F] [--show-secrets] [--version N]</c>: the state in Pulumi's export envelope
/// (<c>{"version":3,"deployment":{…}}</c>); with <c>--version</c>, the checkpoint history entry N started from.
/// </summary>
public static class StackExportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var file = new Option<string?>("--file") { Description = "Write to this file instead of standard output" };
        var show = CommonOptions.ShowSecrets();
        var version = new Option<int?>("--version") { Description = "Export the state operation N of `infra stack history` started from" };
        var command = new Command("export", "Export the stack's state as JSON") { stack, file, show, version };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var raw = parse.GetValue(version) is { } v
                ? await session.History().ReadCheckpointAsync(v, ct)
                    ?? throw new CommandFailure(ExitCodes.BadConfiguration, $"--version {v}: the stack's history has no version {v} (`infra stack history` lists them)")
                : await session.Store.ReadRawAsync(session.Project, session.Stack, ct)
                    ?? CheckpointSerializer.Write(session.Project, session.Stack, StackSnapshot.Empty, null, null);
            JsonNode export = DeploymentEnvelope.ToExport(raw);
            if (parse.GetValue(show)) export = ShowPlaintext(CheckpointSerializer.Decrypt(export, () => session.Crypter))!;
            var text = DeploymentEnvelope.Text(export);
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
}
