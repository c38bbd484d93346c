namespace Infra.Engine.Operations;

/// <summary>The program breaks a policy: nothing is previewed or deployed (exit 1).</summary>
public sealed class PolicyViolationException(IReadOnlyList<string> violations)
    : EngineException(string.Join(Environment.NewLine, violations.Select(v => $"policy violation: {v}")))
{
    public IReadOnlyList<string> Violations { get; } = violations;
}
