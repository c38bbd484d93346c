namespace Infra.Engine.State;

/// <summary>
/// The parts of a state URN, <c>urn:&lt;scheme&gt;:&lt;stack&gt;::&lt;project&gt;::&lt;qualified type&gt;::&lt;name&gt;</c>,
/// read only as far as checking a file and renaming need.
/// </summary>
public sealed record UrnParts(string Scheme, string Stack, string Project, string QualifiedType, string Name)
{
    public static UrnParts? TryParse(string urn)
    {
        var parts = urn.Split("::", 4);
        if (parts.Length != 4) return null;
        var head = parts[0].Split(':', 3);
        if (head.Length != 3 || head[0] != "urn" || head[1].Length == 0 || head[2].Length == 0 || parts[3].Length == 0) return null;
        return new UrnParts(head[1], head[2], parts[1], parts[2], parts[3]);
    }

    /// <summary>The same URN with another name (<c>state rename</c>).</summary>
    public static string WithName(string urn, string name) => urn[..(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)] + name;
}
