namespace Infra.Engine;

/// <summary>Bad configuration or flags: one line naming the file and key, exit code 2.</summary>
public sealed class ConfigException(string message) : EngineException(message);
