namespace Infra.Engine.Providers;

/// <summary>
/// A provider could not do what was asked: its host does not answer, an operation was refused, a command failed.
/// A run-time failure (exit code 1) whose message is one line naming what failed. Every provider's errors derive
/// from it. It stands beside <see cref="EngineException"/> rather than under it, so the engine still adds which
/// resource it was working on (e.g. "refreshing docker:Container 'web' failed: …").
/// </summary>
public class ProviderException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// Whether the provider cannot tell if the object was made or changed (the host stopped answering mid-call). A
    /// failure that says what happened lets the engine drop the pending operation; an unknown outcome keeps it, so the
    /// next run warns, as after an interrupted run.
    /// </summary>
    public virtual bool OutcomeUnknown => false;
}
