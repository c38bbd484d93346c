using Infra.Engine.Secrets;

namespace Infra.Cli.Commands;

/// <summary>
/// The passphrase a stack changes to: <c>INFRA_CONFIG_PASSPHRASE_NEW</c>, else <c>PULUMI_CONFIG_PASSPHRASE_NEW</c>, else
/// asked twice at the terminal. An empty one is refused: an unset CI secret must not become the stack's passphrase.
/// </summary>
public static class NewPassphrase
{
    public static string Read(CliEnvironment env)
    {
        if (PassphraseSource.TryGetNew(env.Variables) is var (name, value))
            return value.Length > 0 ? value : throw Refused($"{name} is set but empty");
        if (!env.IsInteractive)
            throw Refused($"no new passphrase: set {PassphraseSource.NewVariable} (or {PassphraseSource.InfraNewVariable}), or run in a terminal to be asked for it");
        var first = Ask(env, "Enter the new passphrase to protect config/secrets: ");
        if (first.Length == 0) throw Refused("the new passphrase is empty");
        if (Ask(env, "Re-enter the new passphrase to confirm: ") != first) throw Refused("the two new passphrases do not match");
        return first;
    }

    private static string Ask(CliEnvironment env, string prompt)
    {
        env.Out.Write(prompt);
        env.Out.Flush();
        var line = env.ReadHidden is { } hidden ? hidden() : env.In.ReadLine();
        env.Out.WriteLine();
        return line ?? throw Refused("no new passphrase was entered");
    }

    private static CommandFailure Refused(string why) => new(ExitCodes.BadConfiguration, $"{why}; nothing changed");
}
