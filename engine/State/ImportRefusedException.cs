namespace Infra.Engine.State;

/// <summary>A state file <c>stack import</c> will not take (bad input: exit 2); the stack's state is left as it was.</summary>
public sealed class ImportRefusedException(string message) : EngineException(message);
