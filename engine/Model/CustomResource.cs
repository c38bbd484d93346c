namespace Infra.Engine.Model;

/// <summary>A resource a provider creates, reads, updates and deletes.</summary>
public abstract class CustomResource : Resource
{
    protected CustomResource(string type, string name, ComponentResource? parent, ResourceOptions? options)
        : base(type, name, parent, options) { }

    /// <summary>The typed argument record, serialised into the resource's input properties.</summary>
    public abstract object Arguments { get; }

    /// <summary>A reference to one of this resource's outputs (or inputs, which are copied to outputs).</summary>
    public OutputRef<T> Output<T>(string key) => new(this, key);
}

/// <summary>A custom resource with typed arguments.</summary>
public abstract class CustomResource<TArgs> : CustomResource where TArgs : class
{
    protected CustomResource(string type, string name, TArgs args, ComponentResource? parent, ResourceOptions? options)
        : base(type, name, parent, options) => Args = args;

    public TArgs Args { get; }
    public override object Arguments => Args;
}
