namespace Infra.Engine.Providers;

/// <summary>
/// A provider whose delete starts work the host finishes on its own: dockerd completes a container stop it was asked
/// for (up to the grace period) even after the run that asked was killed. The object then changes after the next run
/// read it. Before an <c>up</c> reads and plans over an entry a killed run was deleting, the engine lets the provider
/// carry that first step to its end, so the plan starts from what the host settles on, not from a state about to change.
/// </summary>
public interface ISettlesInterruptedDeletes
{
    /// <summary>Finishes the part of an interrupted delete the host may still be doing; must be harmless when it is done.</summary>
    Task SettleInterruptedDeleteAsync(DeleteRequest request, CancellationToken cancellationToken);
}
