namespace Infra.Engine.Providers;

/// <summary>
/// A provider with work to finish once a run's steps are over (succeeded, failed or cancelled), before the lock is let
/// go: what the host did late on its own since the steps looked (an object a killed run had asked for, made only now).
/// Must not fail the run: what it cannot do is left for the next run.
/// </summary>
public interface IFinishesRun
{
    Task FinishRunAsync(CancellationToken cancellationToken);
}
