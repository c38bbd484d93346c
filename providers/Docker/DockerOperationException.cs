using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>A Docker call failed; the message names the object and carries the daemon's answer.</summary>
public sealed class DockerOperationException(string message, Exception? inner = null) : ProviderException(message, inner);
