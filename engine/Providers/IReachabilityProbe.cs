namespace Infra.Engine.Providers;

/// <summary>
/// A provider that talks to a remote host can say, cheaply, whether the host answers. Preview uses it to
/// warn once that it works from the program and state alone.
/// </summary>
public interface IReachabilityProbe
{
    /// <summary>Null when reachable; otherwise a one-line reason naming the host.</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
