using Infra.Cli.Sessions;
using Infra.Engine.Execution;
using Infra.Engine.Operations;
using Infra.Engine.Planning;

namespace Infra.Cli.Rendering;

/// <summary>
/// What the CLI shows while the engine runs a verb: the program's inputs taught to the scrubber, warnings
/// on standard error, the plan through <paramref name="planned"/>, and the execution's progress.
/// </summary>
public sealed class CliObserver(CliEnvironment env, StackSession session, Action<Plan>? planned) : IOperationObserver
{
    private readonly ProgressPrinter _progress = new(env.Out, session.Scrubber, env.IsTerminal);

    public void Evaluated(DesiredState desired)
    {
        foreach (var r in desired.Resources) session.Scrubber.Learn(r.Inputs);
    }

    public void Planned(Plan plan) => planned?.Invoke(plan);

    public void Warning(string message) => session.Warn(message);

    public void Started(Operation operation) => _progress.Started(operation);

    public void Progress(Operation operation, string message) => _progress.Progress(operation, message);

    public void Completed(Operation operation, TimeSpan elapsed) => _progress.Completed(operation, elapsed);

    public void Failed(Operation operation, Exception error) => _progress.Failed(operation, error);
}
