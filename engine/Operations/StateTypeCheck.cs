using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Operations;

/// <summary>
/// Refuses a state holding a resource no provider of the run handles (a hand-edited or foreign state): planned as a
/// delete that no provider can perform, it would fail half-way through a run or, worse, be dropped as if deleted.
/// </summary>
internal static class StateTypeCheck
{
    public static void Require(StackSnapshot snapshot, ProviderRegistry providers)
    {
        foreach (var r in snapshot.Resources.Concat(snapshot.PendingOperations.Select(p => p.Resource)).Where(r => r.Custom))
        {
            if (Handled(providers, r.Type)) continue;
            throw new StateException(
                $"the state holds {r.Urn} of type '{r.Type}', which no provider of this program handles: nothing can read, update or delete it (if it is not real, forget it with `infra state delete '{r.Urn}'`)");
        }
    }

    private static bool Handled(ProviderRegistry providers, string type)
    {
        IProvider provider;
        try { provider = providers.For(type); }
        catch (EngineException) { return false; }
        return provider is not IResourceTypes known || known.Handles(type);
    }
}
