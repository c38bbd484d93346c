using Infra.Engine.Planning;

namespace Infra.Engine.Providers;

/// <summary>
/// A provider whose resources need more of the host than that it answers (a cluster mode, a node carrying a placement
/// label) says so before anything is planned or changed: a mismatch is the stack's configuration against the
/// host, reported once, naming the host.
/// </summary>
public interface IHostPrerequisites
{
    /// <param name="resources">The program's resources of this provider's package.</param>
    /// <returns>Null when the host serves them; otherwise one line naming the host and what it lacks.</returns>
    Task<string?> CheckAsync(IReadOnlyList<DesiredResource> resources, CancellationToken cancellationToken);
}
