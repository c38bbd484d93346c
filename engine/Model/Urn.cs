using System.Diagnostics.CodeAnalysis;

namespace Infra.Engine.Model;

/// <summary>
/// A resource's name in the state: <c>urn:infra:&lt;stack&gt;::&lt;project&gt;::&lt;qualified type&gt;::&lt;name&gt;</c>.
/// The qualified type is the chain of the parents' types down to the resource's own, joined with '$'
/// (the stack root is left out, as in Pulumi). The name is everything after the type, so it may hold "::".
/// </summary>
public readonly record struct Urn
{
    private const string Prefix = "urn:infra:";
    private const string Separator = "::";
    private const char TypeChainSeparator = '$';

    private Urn(string stack, string project, string qualifiedType, string name)
    {
        Stack = stack;
        Project = project;
        QualifiedType = qualifiedType;
        Name = name;
    }

    public string Stack { get; }
    public string Project { get; }

    /// <summary>The parents' types and the resource's own, outermost first, joined with '$'.</summary>
    public string QualifiedType { get; }

    public string Name { get; }

    /// <summary>The resource's own type token.</summary>
    public string Type => QualifiedType[(QualifiedType.LastIndexOf(TypeChainSeparator) + 1)..];

    /// <summary>The types of the resource's parents, outermost first; empty for a resource directly under the stack.</summary>
    public IReadOnlyList<string> ParentTypes => QualifiedType.Split(TypeChainSeparator)[..^1];

    /// <param name="parentQualifiedType">The parent's <see cref="QualifiedType"/>, or null directly under the stack.</param>
    public static Urn Create(string stack, string project, string type, string name, string? parentQualifiedType = null) =>
        new(stack, project, Qualify(parentQualifiedType, type), name);

    /// <summary>The qualified type of a resource of <paramref name="type"/> under a parent of <paramref name="parentQualifiedType"/>.</summary>
    public static string Qualify(string? parentQualifiedType, string type) =>
        parentQualifiedType is null ? type : $"{parentQualifiedType}{TypeChainSeparator}{type}";

    /// <exception cref="FormatException">The text does not have the four parts of an infra URN.</exception>
    public static Urn Parse(string text) =>
        TryParse(text, out var urn)
            ? urn
            : throw new FormatException($"'{text}' is not a URN of the form {Prefix}<stack>{Separator}<project>{Separator}<type>{Separator}<name>");

    public static bool TryParse([NotNullWhen(true)] string? text, out Urn urn)
    {
        urn = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = text[Prefix.Length..].Split(Separator, 4);
        if (parts.Length < 4 || parts.Any(p => p.Length == 0)) return false;
        urn = new Urn(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    public override string ToString() => $"{Prefix}{Stack}{Separator}{Project}{Separator}{QualifiedType}{Separator}{Name}";
}
