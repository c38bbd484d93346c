namespace Infra.Engine.Planning;

/// <summary>The plan cannot be made: one line per problem, each naming its resource.</summary>
public sealed class PlanException(IReadOnlyList<string> problems) : EngineException(string.Join(Environment.NewLine, problems));
