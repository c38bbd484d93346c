using System.Text.Json.Nodes;

namespace Infra.Engine.State;

/// <summary>One resource as last deployed. Inputs and outputs hold secrets wrapped, never in plaintext on disk.</summary>
public sealed record ResourceState
{
    public required string Urn { get; init; }
    public required string Type { get; init; }
    public bool Custom { get; init; } = true;
    public string? Id { get; init; }
    public string? Parent { get; init; }
    public JsonObject Inputs { get; init; } = [];
    public JsonObject Outputs { get; init; } = [];
    public IReadOnlyList<string> Dependencies { get; init; } = [];
    public bool Protect { get; init; }
    public bool RetainOnDelete { get; init; }
    public IReadOnlyList<string> IgnoreChanges { get; init; } = [];
    public IReadOnlyList<string> ReplaceOnChanges { get; init; } = [];
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>An old copy kept after a create-before-delete replacement, deleted at the end of the run.</summary>
    public bool Delete { get; init; }
    /// <summary>Marked by <c>infra state taint</c>: the next <c>up</c> replaces it (Pulumi's <c>"taint": true</c>).</summary>
    public bool Taint { get; init; }
    /// <summary>
    /// Created, but it failed to become ready (Pulumi's <c>initErrors</c>): recorded so that it is known and cleaned
    /// up, and the next <c>up</c> replaces it.
    /// </summary>
    public IReadOnlyList<string> InitErrors { get; init; } = [];
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? Modified { get; init; }

    public string Name => Model.Urn.Parse(Urn).Name;
}
