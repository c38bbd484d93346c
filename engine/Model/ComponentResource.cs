namespace Infra.Engine.Model;

/// <summary>A named group of resources with outputs of its own. It has no provider and no id.</summary>
public class ComponentResource : Resource
{
    private readonly List<Resource> _children = [];
    private readonly Dictionary<string, object?> _outputs = new(StringComparer.Ordinal);

    public ComponentResource(string type, string name, ComponentResource? parent = null, ResourceOptions? options = null)
        : base(type, name, parent, options) { }

    public IReadOnlyList<Resource> Children => _children;
    public IReadOnlyDictionary<string, object?> Outputs => _outputs;

    internal void AddChild(Resource child) => _children.Add(child);

    /// <summary>Registers an output: a literal, an <see cref="Input{T}"/> or an <see cref="OutputRef{T}"/>.</summary>
    protected void RegisterOutput(string key, object? value) => _outputs[key] = value;

    public OutputRef<T> Output<T>(string key) => new(this, key);
}
