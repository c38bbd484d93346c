using Infra.Engine.Execution;
using Infra.Engine.Planning;
using Infra.Engine.State;

namespace Infra.Engine.Operations;

public enum OperationOutcome
{
    /// <summary>The plan was made; nothing was meant to run (preview, <c>--preview-only</c>).</summary>
    Previewed,
    Succeeded,
    /// <summary>The user answered no: nothing changed.</summary>
    Declined,
    Failed,
    Cancelled,
}

/// <summary>
/// What an operation did: its plan, what ran (null when nothing ran), the warnings it printed and,
/// for a preview, the program's policy violations.
/// </summary>
public sealed record OperationResult(
    OperationOutcome Outcome,
    Plan Plan,
    ExecutionResult? Execution,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<string> PolicyViolations,
    IReadOnlyList<ResourceState> Retained)
{
    /// <summary>The plan's steps that are now true on the host: unchanged ones and those that completed.</summary>
    public Plan Done => Execution is null ? Plan with { Steps = [] }
        : Plan with { Steps = Plan.Steps.Where(s => s.Op == StepOp.Same || Execution.CompletedSteps.Contains(s)).ToList() };
}
