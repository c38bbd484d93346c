namespace Infra.Providers.Processes;

/// <summary>Quotes text for a POSIX shell.</summary>
public static class ShellQuote
{
    /// <summary><c>it's</c> becomes <c>'it'\''s'</c>: safe for any byte but NUL.</summary>
    public static string Single(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
