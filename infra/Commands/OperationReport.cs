using Infra.Providers.Docker;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;

namespace Infra.Cli.Commands;

/// <summary>After a run that executed steps: the summary of what is now done, the failures, and the exit code.</summary>
public static class OperationReport
{
    /// <param name="events">With <c>--json</c>: the summary goes to the event stream instead of a text summary on stdout.</param>
    public static int Print(CliEnvironment env, StackSession session, OperationResult result, JsonEventStream? events = null)
    {
        events?.Summary(result);
        if (result.Outcome == OperationOutcome.Declined)
        {
            env.Error.WriteLine("error: confirmation declined, not proceeding");
            return ExitCodes.Cancelled;
        }
        if (result.Execution is not { } execution) return ExitCodes.Ok;
        if (events is null)
        {
            env.Out.WriteLine();
            PlanPrinter.For(env, session.Scrubber).PrintSummary(result.Done, done: true, duration: session.Elapsed);
        }
        switch (result.Outcome)
        {
            case OperationOutcome.Cancelled:
                env.Error.WriteLine($"error: cancelled: {execution.Completed} of {execution.Total} operations finished; state saved");
                return ExitCodes.Cancelled;
            case OperationOutcome.Failed when execution.Failures.Select(f => f.Error).OfType<DockerHostException>().FirstOrDefault() is { } lost:
                // The host went away: every other failure of the run is a consequence of it, so one line says it all.
                env.Error.WriteLine($"error: {session.Scrubber.Scrub(lost.Message)}; {execution.Completed} of {execution.Total} operations finished; state saved ({session.Location})");
                return ExitCodes.Error;
            case OperationOutcome.Failed:
                foreach (var (op, error) in execution.Failures)
                    env.Error.WriteLine($"error: {op.Step.Type} '{op.Step.Name}': {session.Scrubber.Scrub(ErrorText.Of(error))}");
                env.Error.WriteLine($"error: update failed: {execution.Completed} of {execution.Total} operations finished; state saved ({session.Location})");
                return ExitCodes.Error;
            default:
                return ExitCodes.Ok;
        }
    }
}
