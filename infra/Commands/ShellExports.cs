using System.Text;
using System.Text.Json.Nodes;

namespace Infra.Cli.Commands;

/// <summary><c>stack output --shell</c>: one <c>export NAME='value'</c> line per output, safe to <c>eval</c> in a POSIX shell.</summary>
public static class ShellExports
{
    public static IEnumerable<string> Lines(JsonObject outputs, bool showSecrets) =>
        outputs.Select(kv => $"export {Identifier(kv.Key)}={Quote(StackOutputs.Text(kv.Value, showSecrets))}");

    /// <summary>Single quotes keep everything literal; a single quote itself is closed, escaped and reopened.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>Output names are camelCase identifiers; anything a shell name cannot hold becomes '_'.</summary>
    private static string Identifier(string name)
    {
        var s = new StringBuilder(name.Length);
        foreach (var c in name) s.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (s.Length == 0 || char.IsAsciiDigit(s[0])) s.Insert(0, '_');
        return s.ToString();
    }
}
