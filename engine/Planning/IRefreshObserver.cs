using Infra.Engine.State;

namespace Infra.Engine.Planning;

/// <summary>Hears each resource read back during a refresh (Terraform's PreRefresh/PostRefresh). Called from several threads.</summary>
public interface IRefreshObserver
{
    void RefreshStarted(ResourceState resource);

    /// <param name="outcome">Same, Update (drift) or Delete (gone).</param>
    void RefreshCompleted(ResourceState resource, PlanStep outcome);
}
