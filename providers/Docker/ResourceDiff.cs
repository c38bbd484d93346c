using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>Changed top-level keys; every one not updatable in place forces a delete-first replacement (names are fixed).</summary>
public static class ResourceDiff
{
    public static DiffResult Compute(DiffRequest request, IReadOnlySet<string> inPlace)
    {
        var changed = PropertyDiff.ChangedKeys(request.OldInputs, request.NewInputs);
        return new DiffResult(changed, changed.Where(k => !inPlace.Contains(k)).ToList(), DeleteBeforeReplace: true);
    }
}
