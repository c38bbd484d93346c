namespace Infra.Providers.Docker;

/// <summary>The parts of <c>urn:infra:&lt;stack&gt;::&lt;project&gt;::&lt;type&gt;::&lt;name&gt;</c> a provider needs.</summary>
public sealed record StackUrn(string Stack, string Project, string Name)
{
    public static StackUrn Parse(string urn)
    {
        const string prefix = "urn:infra:";
        var parts = urn.StartsWith(prefix, StringComparison.Ordinal) ? urn[prefix.Length..].Split("::") : [];
        if (parts.Length < 4) throw new FormatException($"'{urn}' is not an infra URN");
        return new StackUrn(parts[0], parts[1], parts[^1]);
    }
}
