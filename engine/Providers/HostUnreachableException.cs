namespace Infra.Engine.Providers;

/// <summary>A host the run needs did not answer when checked before the run: nothing was planned, created or written.</summary>
public sealed class HostUnreachableException(string message) : EngineException(message);
