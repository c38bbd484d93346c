using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine;
using Infra.Engine.Execution;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>Executes a plan against the live state with checkpoints, and turns the outcome into an exit code.</summary>
public static class PlanRun
{
    public static async Task<int> ExecuteAsync(
        CliEnvironment env, StackSession session, Plan plan, StackSnapshot prior, ProviderRegistry providers,
        IReadOnlyList<string> order, int parallel, CancellationToken cancel)
    {
        var live = new LiveState(prior, order, session.SaveStateAsync);
        var printer = new ProgressPrinter(env.Out, session.Scrubber, env.IsTerminal);
        var result = await new Executor(providers).ExecuteAsync(plan, live, parallel, printer, cancel);
        env.Out.WriteLine();
        new PlanPrinter(env.Out, session.Scrubber).PrintSummary(
            plan with { Steps = plan.Steps.Where(s => s.Op == StepOp.Same || Completed(s, result)).ToList() }, done: true);
        if (result.Cancelled)
        {
            env.Error.WriteLine($"error: cancelled: {result.Completed} of {result.Total} operations finished; state saved");
            return ExitCodes.Cancelled;
        }
        if (result.Failures.Count > 0)
        {
            foreach (var (op, error) in result.Failures)
                env.Error.WriteLine($"error: {op.Step.Type} '{op.Step.Name}': {session.Scrubber.Scrub(error.Message)}");
            env.Error.WriteLine($"error: update failed: {result.Completed} of {result.Total} operations finished; state saved ({session.Store.Storage.Location})");
            return ExitCodes.Error;
        }
        return ExitCodes.Ok;
    }

    private static bool Completed(PlanStep step, ExecutionResult result) =>
        !result.Failures.Any(f => f.Operation.Step == step) && result.Succeeded;

    /// <summary>The URN order the state should keep: the program's order.</summary>
    public static IReadOnlyList<string> Order(DesiredState desired) => desired.Resources.Select(r => r.Urn).ToList();
}
