using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>The Docker host cannot be reached or used; the message is one line naming it.</summary>
public sealed class DockerHostException(string message) : ProviderException(message)
{
    public override bool OutcomeUnknown => true;
}
