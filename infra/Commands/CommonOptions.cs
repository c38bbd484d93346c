using System.CommandLine;

namespace Infra.Cli.Commands;

/// <summary>Options several verbs share, spelled as Pulumi spells them.</summary>
public static class CommonOptions
{
    public static Option<string?> Stack() => new("--stack", "-s") { Description = "The stack to operate on", Recursive = false };
    public static Option<bool> Yes() => new("--yes", "-y") { Description = "Proceed without asking for confirmation" };
    public static Option<bool> SkipPreview() => new("--skip-preview", "-f") { Description = "Do not compute a preview before proceeding" };
    public static Option<bool> ExpectNoChanges() => new("--expect-no-changes") { Description = "Exit 7 if any change is proposed" };
    public static Option<bool> Refresh() => new("--refresh", "-r") { Description = "Refresh the state before the operation" };
    public static Option<bool> Diff() => new("--diff") { Description = "Show property-level changes" };
    public static Option<bool> Json() => new("--json", "-j") { Description = "Output as JSON" };
    public static Option<bool> ShowSecrets() => new("--show-secrets") { Description = "Show secret values in plaintext" };
    public static Option<bool> PreviewOnly() => new("--preview-only") { Description = "Only show what would change" };

    public static Option<int?> Parallel() => new("--parallel", "-p")
    {
        Description = "Maximum number of resource operations at once (default 4 × cores)",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (int.TryParse(text, out var n) && n >= 1) return n;
            r.AddError($"--parallel: '{text}' is not a whole number of at least 1");
            return null;
        },
    };
}
