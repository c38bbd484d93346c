using Infra.Engine.Config;
using Infra.Engine.Secrets;

namespace Infra.Cli.Sessions;

/// <summary>
/// Starts the stack's key derivation as the process starts, before the command line is parsed or any YAML is read,
/// for the verbs that run the program (they all need the key). It is a guess from the raw arguments and a plain
/// reading of the stack file's <c>encryptionsalt:</c> line: <see cref="KeyDerivations"/> shares it only when the
/// command, opening the stack the proper way, asks for the same passphrase and salt; otherwise it derives its own and
/// reports whatever is wrong itself.
/// </summary>
public static class EarlyKeyDerivation
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
        { "up", "update", "preview", "pre", "refresh", "destroy", "down", "import", "verify" };

    /// <summary>Whether the command the raw arguments name runs the program (and so opens the stack, with its key).</summary>
    public static bool RunsTheProgram(IReadOnlyList<string> args) => args.Count > 0 && Verbs.Contains(args[0]);

    /// <summary>Returns (for tests) the derivation it started, if it guessed one.</summary>
    public static Task<Task<PassphraseCrypter>?> Start(IReadOnlyList<string> args, CliEnvironment env)
    {
        if (!RunsTheProgram(args)) return Task.FromResult<Task<PassphraseCrypter>?>(null);
        // StartNew, not Run: the result is the derivation itself, not to be awaited here.
        return Task.Factory.StartNew(() =>
        {
            try
            {
                return Guess(args, env) is var (passphrase, salt) ? KeyDerivations.Start(passphrase, salt) : null;
            }
            catch (Exception)
            {
                // Only a head start: the command opens the stack again and says what is wrong.
                return null;
            }
        }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
    }

    private static (string Passphrase, string Salt)? Guess(IReadOnlyList<string> args, CliEnvironment env)
    {
        var project = Path.GetDirectoryName(ProjectFile.Locate(env.WorkingDirectory));
        if (project is null || PassphraseSource.TryGet(env.Variables) is not { } passphrase) return null;
        var stack = StackOption(args) ?? (PulumiVariables.Read(env.Variables, PulumiVariables.Stack) is var (_, named) ? named : null);
        string? file;
        if (stack is not null) file = Path.Combine(project, $"Pulumi.{stack[(stack.LastIndexOf('/') + 1)..]}.yaml");
        else if (Directory.GetFiles(project, "Pulumi.*.yaml") is [var only]) file = only;
        else return null;
        return File.Exists(file) && EncryptionSalt(file) is { } salt ? (passphrase, salt) : null;
    }

    /// <summary>The value of a top-level <c>encryptionsalt:</c> line, as the stack file writes it.</summary>
    internal static string? EncryptionSalt(string stackFile)
    {
        foreach (var line in File.ReadLines(stackFile))
            if (line.StartsWith("encryptionsalt:", StringComparison.Ordinal))
                return line["encryptionsalt:".Length..].Trim().Trim('"', '\'');
        return null;
    }

    /// <summary><c>-s NAME</c>, <c>--stack NAME</c> or <c>--stack=NAME</c>, as System.CommandLine reads them.</summary>
    internal static string? StackOption(IReadOnlyList<string> args)
    {
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") return null;
            if (arg is "-s" or "--stack") return i + 1 < args.Count ? args[i + 1] : null;
            foreach (var prefix in (string[])["--stack=", "--stack:", "-s=", "-s:"])
                if (arg.StartsWith(prefix, StringComparison.Ordinal)) return arg[prefix.Length..];
        }
        return null;
    }
}
