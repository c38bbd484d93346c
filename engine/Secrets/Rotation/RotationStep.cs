namespace Infra.Engine.Secrets.Rotation;

/// <summary>
/// The points a change of passphrase passes, in order, each reported once reached (a test can stop the process
/// there). Until <see cref="StackFile"/> the old passphrase opens the stack; from it on, the new one.
/// </summary>
public static class RotationStep
{
    /// <summary>The marker is on the backend; nothing is staged yet.</summary>
    public const string Marker = "marker";
    /// <summary>The state's re-encrypted copy is staged.</summary>
    public const string StagedState = "staged-state";
    /// <summary>A history entry's re-encrypted copy is staged (reported after each).</summary>
    public const string StagedHistory = "staged-history";
    /// <summary>Every copy is staged; the stack file is still the old one.</summary>
    public const string Staged = "staged";
    /// <summary>The new stack file is complete beside the old one, not yet renamed over it.</summary>
    public const string StackFileTemp = "stack-file-temp";
    /// <summary>The stack file has the new <c>encryptionsalt</c>: the change is committed.</summary>
    public const string StackFile = "stack-file";
    /// <summary>The state is replaced by its re-encrypted copy.</summary>
    public const string State = "state";
    /// <summary>A history entry is replaced by its re-encrypted copy (reported after each).</summary>
    public const string History = "history";
    /// <summary>Every backend file is replaced; the staged copies are still there.</summary>
    public const string Switched = "switched";
    /// <summary>The staged copies are removed; the marker is still there.</summary>
    public const string Cleaned = "cleaned";
    /// <summary>A later run finishing an interrupted change has replaced one file (reported after each).</summary>
    public const string Recovering = "recovering";

    /// <summary>The steps of the change itself, in order.</summary>
    public static IReadOnlyList<string> Rotation { get; } =
        [Marker, StagedState, StagedHistory, Staged, StackFileTemp, StackFile, State, History, Switched, Cleaned];

    public static IReadOnlyList<string> All { get; } = [.. Rotation, Recovering];
}
