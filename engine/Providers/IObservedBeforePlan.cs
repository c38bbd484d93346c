namespace Infra.Engine.Providers;

/// <summary>
/// A provider some of whose types are read back before every preview and up, refresh or not, because what their
/// live object is decides what dependents get: a local image tag rebuilt since the last run names another image, and
/// a plan from the saved id would create containers from an image that is gone (Terraform reads such objects on
/// every plan; compose resolves images on every up).
/// </summary>
public interface IObservedBeforePlan
{
    bool IsObservedBeforePlan(string type);
}
