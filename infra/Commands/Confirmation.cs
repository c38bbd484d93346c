namespace Infra.Cli.Commands;

/// <summary>
/// Pulumi's rule: a non-interactive run must say --yes (or --skip-preview / --preview-only);
/// <c>PULUMI_SKIP_CONFIRMATIONS=true</c> counts as --yes.
/// </summary>
public static class Confirmation
{
    public static bool Ask(CliEnvironment env, bool yes, bool skipPreview, string question)
    {
        // Read even with --yes, so a misspelt value is reported rather than ignored.
        if (env.SkipConfirmations | yes) return true;
        if (!env.IsInteractive)
        {
            if (skipPreview) return true;
            throw new CommandFailure(ExitCodes.BadConfiguration, "--yes or --skip-preview must be passed in to proceed when running in non-interactive mode");
        }
        env.Out.Write($"{question} [y/N] ");
        var answer = env.In.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
