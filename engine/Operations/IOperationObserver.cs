using Infra.Engine.Execution;
using Infra.Engine.Planning;

namespace Infra.Engine.Operations;

/// <summary>
/// What a front end hears while an operation runs (Terraform's hooks): the program evaluated, each resource
/// refreshed, the plan made, each step executed, and warnings. Called from several threads.
/// </summary>
public interface IOperationObserver : IDeploymentObserver, IRefreshObserver
{
    void Evaluated(DesiredState desired) { }
    void IRefreshObserver.RefreshStarted(Infra.Engine.State.ResourceState resource) { }
    void IRefreshObserver.RefreshCompleted(Infra.Engine.State.ResourceState resource, PlanStep outcome) { }
    void Planned(Plan plan) { }
    void Warning(string message) { }
}

public sealed class NullOperationObserver : IOperationObserver
{
    public static readonly NullOperationObserver Instance = new();
    public void Started(Operation operation) { }
    public void Progress(Operation operation, string message) { }
    public void Completed(Operation operation, TimeSpan elapsed) { }
    public void Failed(Operation operation, Exception error) { }
}
