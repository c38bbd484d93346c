namespace Infra.Engine.Model;

/// <summary>A node of the program: a custom resource (managed by a provider) or a component (a group).</summary>
public abstract class Resource
{
    private string? _urn;

    protected Resource(string type, string name, ComponentResource? parent, ResourceOptions? options)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a resource needs a name", nameof(name));
        if (!TypeToken.IsValid(type)) throw new ArgumentException($"'{type}' is not a type token like 'pkg:Type'", nameof(type));
        Type = type;
        Name = name;
        Parent = parent;
        Options = options ?? ResourceOptions.None;
        parent?.AddChild(this);
    }

    public string Type { get; }
    public string Name { get; }
    public ComponentResource? Parent { get; }
    public ResourceOptions Options { get; }

    /// <summary>Set by the engine when the program is registered.</summary>
    public string Urn => _urn ?? throw new InvalidOperationException($"resource '{Name}' has not been registered with a stack yet");

    internal void AssignUrn(string urn) => _urn = urn;

    /// <summary>The chain of types from the outermost parent down to this one (<see cref="Model.Urn.QualifiedType"/>).</summary>
    public string QualifiedType => Model.Urn.Qualify(Parent is null or StackRoot ? null : Parent.QualifiedType, Type);

    public bool EffectiveProtect => Options.Protect ?? Parent?.EffectiveProtect ?? false;
    public bool EffectiveRetainOnDelete => Options.RetainOnDelete ?? Parent?.EffectiveRetainOnDelete ?? false;

    public override string ToString() => $"{Type} {Name}";
}
