using System.Text.RegularExpressions;

namespace Infra.Engine.Model;

public static partial class TypeToken
{
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_-]*(:[a-zA-Z0-9_/.-]+)?:[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string type) => Pattern().IsMatch(type);

    /// <summary>The package ("random" in "random:Password").</summary>
    public static string Package(string type) => type[..type.IndexOf(':')];
}
