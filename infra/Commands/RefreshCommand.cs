using Infra.Cli.Composition;
using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;

namespace Infra.Cli.Commands;

/// <summary><c>infra refresh</c>: read every resource back and record drift in the state.</summary>
public static class RefreshCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var skip = CommonOptions.SkipPreview();
        var previewOnly = CommonOptions.PreviewOnly();
        var expect = CommonOptions.ExpectNoChanges();
        var clear = new Option<bool>("--clear-pending-creates") { Description = "Drop pending create operations from the state" };
        var parallel = CommonOptions.Parallel();
        var diff = CommonOptions.Diff();
        var json = CommonOptions.Json();
        json.Description = "Print one JSON event per line (docs/events.md) instead of text";
        var command = new Command("refresh", "Compare the state with the real resources and record drift")
            { stack, yes, skip, previewOnly, expect, clear, parallel, diff, json };
        var targets = TargetFlags.ForRefresh();
        targets.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct, recoverBeforeStateUse: true);
            var only = parse.GetValue(previewOnly);
            var events = parse.GetValue(json) ? new JsonEventStream(env, session, "refresh") : null;
            events?.Prelude();
            IOperationObserver observer = events ?? (IOperationObserver)new CliObserver(env, session, plan =>
                PlanPrinter.For(env, session.Scrubber).Print(plan, only ? "Previewing refresh" : "Refreshing", parse.GetValue(diff) || !env.IsTerminal));
            var options = new RefreshOptions(parse.GetValue(parallel) ?? env.DefaultParallel,
                _ => Confirmation.Ask(env, parse.GetValue(yes), parse.GetValue(skip) || events is not null, "Do you want to record these changes in the state?"),
                only, parse.GetValue(clear), targets.Parse(parse));
            var result = await session.Operations(composition, observer).RefreshAsync(session.Project, session.Stack, options, ct);
            if (result.Outcome == OperationOutcome.Declined) return ExitCodes.Cancelled;
            events?.Summary(result);
            return parse.GetValue(expect) && result.Plan.HasChanges ? PreviewCommand.NoChangesExpected(env) : ExitCodes.Ok;
        });
        return command;
    }
}
