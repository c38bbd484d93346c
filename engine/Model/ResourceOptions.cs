namespace Infra.Engine.Model;

/// <summary>Pulumi's resource options. Protect and RetainOnDelete are inherited from the parent when unset.</summary>
public sealed record ResourceOptions
{
    public IReadOnlyList<Resource> DependsOn { get; init; } = [];
    public bool? Protect { get; init; }
    public bool? RetainOnDelete { get; init; }
    /// <summary>Null lets the provider decide; false overrides a provider that asks for delete-first.</summary>
    public bool? DeleteBeforeReplace { get; init; }
    public IReadOnlyList<string> IgnoreChanges { get; init; } = [];
    public IReadOnlyList<string> ReplaceOnChanges { get; init; } = [];
    /// <summary>Former URNs of this resource: a rename or re-parent is then not a replace.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public static readonly ResourceOptions None = new();
}
