namespace Infra.Engine.State;

/// <summary>The deployed state of one stack: resources in dependency order plus interrupted operations.</summary>
public sealed record StackSnapshot(IReadOnlyList<ResourceState> Resources, IReadOnlyList<PendingOperation> PendingOperations)
{
    public static readonly StackSnapshot Empty = new([], []);

    public ResourceState? Find(string urn) => Resources.FirstOrDefault(r => r.Urn == urn);
}
