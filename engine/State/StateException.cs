namespace Infra.Engine.State;

public sealed class StateException(string message) : EngineException(message);
