namespace Infra.Engine.State;

/// <summary>
/// One operation in a stack's history (Pulumi's UpdateInfo): its version, kind (<c>update</c>, <c>refresh</c>,
/// <c>destroy</c>, <c>import</c>, <c>state delete</c>, …), times, result and resource changes. The checkpoint
/// stored with it is the state the operation started from.
/// </summary>
public sealed record HistoryEntry(int Version, string Kind, DateTimeOffset StartTime, DateTimeOffset EndTime, string Result, ResourceChanges ResourceChanges)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
