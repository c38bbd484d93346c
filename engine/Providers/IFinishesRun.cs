namespace Infra.Engine.Providers;

/// <summary>
/// A provider with work to finish once a run's steps are over (succeeded, failed or cancelled), before the lock is let
/// go: what the host did late on its own since the steps looked. The Docker provider removes a network of the same name
/// that a killed run's create, still queued in dockerd when it was killed, landed after this run made or adopted its own.
/// Must not fail the run: what it cannot do is left for the next run.
/// </summary>
public interface IFinishesRun
{
    Task FinishRunAsync(CancellationToken cancellationToken);
}
