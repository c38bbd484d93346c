namespace Infra.Engine;

/// <summary>An error in the user's program, state or configuration: printed as one line, exit code 1.</summary>
public class EngineException(string message, Exception? inner = null) : Exception(message, inner);
