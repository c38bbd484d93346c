using Infra.Engine.Providers;
using Infra.Providers.Docker;

namespace Infra.Cli.Composition;

/// <summary>The providers of one run, and the Docker host they reach (for <c>verify</c>; closed with the session), when there is one.</summary>
public sealed record ProviderSet(IReadOnlyList<IProvider> Providers, DockerConnection? Docker = null);
