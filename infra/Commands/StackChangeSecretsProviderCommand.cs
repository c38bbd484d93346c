using System.CommandLine;
using Infra.Cli.Sessions;
using Infra.Engine.Secrets;
using Infra.Engine.Secrets.Rotation;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack change-secrets-provider passphrase</c>: the stack gets a new passphrase and every secret of its stack
/// file, state and history is re-encrypted with it (<see cref="SecretsRotation"/>; docs/secrets-rotation.md).
/// </summary>
public static class StackChangeSecretsProviderCommand
{
    public const string Provider = "passphrase";

    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var provider = new Argument<string>("new-secrets-provider") { Description = "passphrase (the one secrets provider infra has)" };
        var command = new Command("change-secrets-provider",
            "Change the stack's passphrase: every secret of its stack file, state and history re-encrypted; the new one from INFRA_/PULUMI_CONFIG_PASSPHRASE_NEW, else asked twice")
            { stack, provider };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(provider)!;
            if (name != Provider)
                throw new CommandFailure(ExitCodes.BadConfiguration, $"secrets provider '{name}' is not supported: infra has the passphrase provider only (`infra stack change-secrets-provider {Provider}`)");
            var pause = TestPausePoint.From(env.Variables);
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var file = session.Workspace.StackFile;
            // The current passphrase first: a wrong one ends the command before a new one is asked for.
            var current = file.EncryptionSalt is null ? null : session.Workspace.Crypter();
            var (next, nextSalt) = PassphraseCrypter.CreateNew(NewPassphrase.Read(env));
            RotationSummary summary;
            await using (await session.LockAsync("infra stack change-secrets-provider", ct))
                summary = await new SecretsRotation(session.Store.Storage, session.Project, session.Stack, file, pause)
                    .RunAsync(current, next, nextSalt, ct);
            if (summary.UnopenedHistory.Count > 0)
                session.Warn($"history entries {string.Join(", ", summary.UnopenedHistory)} were not written with the current passphrase (the stack was re-created since) and are left as they were");
            env.Out.WriteLine($"Changed the passphrase of stack '{session.Stack}': re-encrypted {summary.ConfigSecrets} secrets in {Path.GetFileName(file.Path)}, "
                + $"{summary.StateSecrets} in the state and {summary.HistoryEntries} history entries. Use the new passphrase from now on.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
