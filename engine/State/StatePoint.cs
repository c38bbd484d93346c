namespace Infra.Engine.State;

/// <summary>
/// Points inside the state's own writes where a run prints nothing, reported to the hook the composition root gives
/// the storage and the store (a test pauses the process there to kill it). Unwired, nothing is reported.
/// </summary>
public static class StatePoint
{
    /// <summary>The new checkpoint is complete and flushed in its temp file, not yet renamed over the state.</summary>
    public const string CheckpointWrite = "checkpoint-write";
    /// <summary>The lock file is created: this run holds the lock and has done nothing under it yet.</summary>
    public const string LockTaken = "lock-taken";
    /// <summary>The run is over and about to delete its lock file.</summary>
    public const string LockRelease = "lock-release";

    public static IReadOnlyList<string> All { get; } = [CheckpointWrite, LockTaken, LockRelease];

    /// <summary>True for a stack's state file (<c>stacks/&lt;project&gt;/&lt;stack&gt;.json</c>), not its history or rotation copies.</summary>
    public static bool IsCheckpoint(string path) =>
        path.StartsWith("stacks/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal) && path.Count(c => c == '/') == 2;
}
