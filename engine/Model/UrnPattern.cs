using System.Text.RegularExpressions;

namespace Infra.Engine.Model;

/// <summary>
/// A resource as named to <c>--target</c>, <c>--exclude</c> or <c>--replace</c>: a full URN, or, as Pulumi allows,
/// a pattern where <c>*</c> matches within one part (no ':') and <c>**</c> matches anything.
/// </summary>
public sealed class UrnPattern
{
    private readonly Regex? _glob;

    public UrnPattern(string text)
    {
        Text = text;
        if (text.Contains('*')) _glob = new Regex(GlobToRegex(text), RegexOptions.CultureInvariant);
    }

    public string Text { get; }

    /// <summary>A pattern with wildcards; one that matches nothing is no error, as in Pulumi.</summary>
    public bool IsGlob => _glob is not null;

    public bool Matches(string urn) => _glob?.IsMatch(urn) ?? string.Equals(Text, urn, StringComparison.Ordinal);

    public static IReadOnlyList<UrnPattern> All(IEnumerable<string>? texts) => texts?.Select(t => new UrnPattern(t)).ToList() ?? [];

    public override string ToString() => Text;

    private static string GlobToRegex(string glob) =>
        "^" + string.Join(".*", glob.Split("**").Select(part => string.Join("[^:]*", part.Split('*').Select(Regex.Escape)))) + "$";
}
