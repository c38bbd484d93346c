namespace Infra.Engine.Planning;

/// <summary>The ordered changes an operation would make: a value to print, serialise and test before anything runs.</summary>
public sealed record Plan(string Project, string Stack, IReadOnlyList<PlanStep> Steps, IReadOnlyList<string> Warnings)
{
    public bool HasChanges => Steps.Any(s => s.Op != StepOp.Same);

    public PlanSummary Summary => PlanSummary.Of(Steps);
}
