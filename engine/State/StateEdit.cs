namespace Infra.Engine.State;

/// <summary>A change made to the state by a state verb: the new snapshot, one line per change, and the counts for the history.</summary>
public sealed record StateEdit(StackSnapshot Snapshot, IReadOnlyList<string> Changes, ResourceChanges Counts)
{
    public bool Changed => Changes.Count > 0;
}

/// <summary>A URN the state does not hold (bad input: exit 2, nothing changed).</summary>
public sealed class UnknownResourceException(string urn)
    : EngineException($"no resource with URN {urn} in the stack's state; nothing changed (`infra stack export` lists the URNs)");

/// <summary>A state verb that would leave the state wrong or unsafe without a flag (exit 1, nothing changed).</summary>
public sealed class StateEditRefusedException(string message) : EngineException(message);
