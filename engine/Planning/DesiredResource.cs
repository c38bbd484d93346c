using System.Text.Json.Nodes;

namespace Infra.Engine.Planning;

/// <summary>A resource as the program declares it, inputs serialised (references still as placeholders).</summary>
public sealed record DesiredResource(
    string Urn,
    string Type,
    string Name,
    string? Parent,
    bool Custom,
    JsonObject Inputs,
    IReadOnlyList<string> Dependencies,
    bool Protect = false,
    bool RetainOnDelete = false,
    bool? DeleteBeforeReplace = null,
    IReadOnlyList<string>? IgnoreChanges = null,
    IReadOnlyList<string>? ReplaceOnChanges = null,
    IReadOnlyList<string>? Aliases = null)
{
    public IReadOnlyList<string> IgnoreChangesOrEmpty => IgnoreChanges ?? [];
    public IReadOnlyList<string> ReplaceOnChangesOrEmpty => ReplaceOnChanges ?? [];
    public IReadOnlyList<string> AliasesOrEmpty => Aliases ?? [];
}

/// <summary>The whole program, resources in dependency order.</summary>
public sealed record DesiredState(string Project, string Stack, IReadOnlyList<DesiredResource> Resources);
