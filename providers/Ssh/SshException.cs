using Infra.Engine.Providers;

namespace Infra.Providers.Ssh;

/// <summary>An SSH connection could not be made or used; the message is one line naming the host.</summary>
public sealed class SshException(string message) : ProviderException(message);
