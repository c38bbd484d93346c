using Infra.Engine.Planning;

namespace Infra.Engine.Execution;

/// <summary>What the CLI hears while a plan runs. Called from several threads.</summary>
public interface IDeploymentObserver
{
    void Started(Operation operation);
    void Progress(Operation operation, string message);
    void Completed(Operation operation, TimeSpan elapsed);
    void Failed(Operation operation, Exception error);
}

public sealed class NullObserver : IDeploymentObserver
{
    public static readonly NullObserver Instance = new();
    public void Started(Operation operation) { }
    public void Progress(Operation operation, string message) { }
    public void Completed(Operation operation, TimeSpan elapsed) { }
    public void Failed(Operation operation, Exception error) { }
}
