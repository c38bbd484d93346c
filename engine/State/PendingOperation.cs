namespace Infra.Engine.State;

/// <summary>A mutation that had started when the state was last written (Pulumi's pending_operations).</summary>
public sealed record PendingOperation(ResourceState Resource, string Type)
{
    public const string Creating = "creating";
    public const string Updating = "updating";
    public const string Deleting = "deleting";
}
