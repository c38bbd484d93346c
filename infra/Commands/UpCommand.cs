using Infra.Cli.Composition;
using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;

namespace Infra.Cli.Commands;

/// <summary><c>infra up</c>: converge the stack to the program.</summary>
public static class UpCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition, Func<CancellationToken> cancelToken)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var skip = CommonOptions.SkipPreview();
        var parallel = CommonOptions.Parallel();
        var expect = CommonOptions.ExpectNoChanges();
        var refresh = CommonOptions.Refresh();
        var diff = CommonOptions.Diff();
        var json = CommonOptions.Json();
        json.Description = "Print one JSON event per line (docs/events.md) instead of text";
        var targets = TargetFlags.ForUp();
        var command = new Command("up", "Create or update the stack's resources") { stack, yes, skip, parallel, expect, refresh, diff, json };
        targets.AddTo(command);
        command.Aliases.Add("update");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct, recoverBeforeStateUse: true);
            var skipPreview = parse.GetValue(skip);
            var printer = PlanPrinter.For(env, session.Scrubber);
            var events = parse.GetValue(json) ? new JsonEventStream(env, session, "update") : null;
            events?.Prelude();
            IOperationObserver observer = events ?? (IOperationObserver)new CliObserver(env, session, plan =>
            {
                if (!skipPreview) printer.Print(plan, "Previewing update", parse.GetValue(diff));
                else foreach (var w in plan.Warnings) session.Warn(w);
            });
            var options = new UpOptions(parse.GetValue(parallel) ?? env.DefaultParallel, _ =>
            {
                if (!Confirmation.Ask(env, parse.GetValue(yes), skipPreview || events is not null, "Do you want to perform this update?")) return false;
                if (events is null) env.Out.WriteLine($"Updating ({session.Stack}):");
                return true;
            }, parse.GetValue(refresh) || session.Workspace.Project.RefreshAlways, cancelToken(), targets.Parse(parse));
            var result = await session.Operations(composition, observer).UpAsync(session.Program(composition.Program), options, ct);
            var code = OperationReport.Print(env, session, result, events);
            if (code != ExitCodes.Ok) return code;
            if (events is null) await StackOutputs.PrintAsync(env, session, result.Execution?.Snapshot, ct);
            return parse.GetValue(expect) && result.Plan.HasChanges ? PreviewCommand.NoChangesExpected(env) : ExitCodes.Ok;
        });
        return command;
    }
}
