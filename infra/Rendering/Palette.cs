using Infra.Engine.Planning;

namespace Infra.Cli.Rendering;

/// <summary>
/// Colour, as Pulumi uses it: green for create, yellow for update, red for delete, magenta for replace. Off unless
/// <c>--color always</c>, or <c>auto</c> (the default) on a terminal without <c>NO_COLOR</c>.
/// </summary>
public sealed record Palette(bool Enabled)
{
    public static readonly Palette None = new(false);

    public string ForOp(StepOp op, string text) => op switch
    {
        StepOp.Create => Wrap("32", text),
        StepOp.Update => Wrap("33", text),
        StepOp.Delete => Wrap("31", text),
        StepOp.Replace => Wrap("35", text),
        _ => text,
    };

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    private string Wrap(string code, string text) => Enabled && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>
    /// <c>--color always|never|auto</c> (also <c>--color=…</c>), read before the commands are made; <c>NO_COLOR</c>
    /// (any value) turns <c>auto</c> off, as no-color.org asks.
    /// </summary>
    public static bool Choose(IReadOnlyList<string> args, CliEnvironment env)
    {
        string? choice = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--color" && i + 1 < args.Count) choice = args[i + 1];
            else if (args[i].StartsWith("--color=", StringComparison.Ordinal)) choice = args[i]["--color=".Length..];
        }
        return choice switch
        {
            "always" => true,
            "never" => false,
            _ => env.IsTerminal && string.IsNullOrEmpty(env.Variables("NO_COLOR")),
        };
    }
}
