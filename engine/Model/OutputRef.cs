using Infra.Engine.Properties;

namespace Infra.Engine.Model;

public interface IOutputRef
{
    Resource Resource { get; }
    string Key { get; }
}

/// <summary>A named output of a resource, used as an input elsewhere. Creates a dependency edge.</summary>
public sealed record OutputRef<T>(Resource Resource, string Key) : IOutputRef
{
    public Input<T> AsInput() => Input<T>.FromPlaceholder(() => Reference.Output(Resource.Urn, Key));
}
