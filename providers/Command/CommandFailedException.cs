using Infra.Engine.Providers;

namespace Infra.Providers.Command;

/// <summary>A command exited non-zero; the message carries the exit code and the end of its output.</summary>
public sealed class CommandFailedException(string message) : ProviderException(message);
