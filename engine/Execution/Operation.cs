using Infra.Engine.Planning;

namespace Infra.Engine.Execution;

public enum OperationKind
{
    /// <summary>Create, update, or record as same; for a replacement, create the new copy.</summary>
    Apply,
    /// <summary>Delete the old copy of a replaced resource.</summary>
    DeleteOld,
    /// <summary>Delete a resource the program no longer declares.</summary>
    Delete,
}

/// <summary>One unit of work of the executor: a plan step splits into one or two operations.</summary>
public sealed record Operation(OperationKind Kind, PlanStep Step)
{
    public override string ToString() => $"{Kind}:{Step.Urn}";
}
