using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Model;
using Infra.Engine.Planning;

namespace Infra.Cli.Commands;

/// <summary><c>infra up</c>: converge the stack to the program.</summary>
public static class UpCommand
{
    public static Command Create(CliEnvironment env, IStackProgram program, Func<CancellationToken> cancelToken)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var skip = CommonOptions.SkipPreview();
        var parallel = CommonOptions.Parallel();
        var expect = CommonOptions.ExpectNoChanges();
        var refresh = CommonOptions.Refresh();
        var diff = CommonOptions.Diff();
        var command = new Command("up", "Create or update the stack's resources") { stack, yes, skip, parallel, expect, refresh, diff };
        command.Aliases.Add("update");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var (desired, providers) = session.BuildProgram(program);
            StackSession.EnforcePolicies(program, desired);
            await using var stackLock = await session.Store.LockAsync(session.Project, session.Stack, "infra up", session.Warn, ct);
            var snapshot = await session.LoadStateAsync(ct);
            var par = parse.GetValue(parallel) ?? env.DefaultParallel;
            if (parse.GetValue(refresh) || session.Workspace.Project.RefreshAlways)
            {
                (_, snapshot) = await new RefreshPlanner(providers).RefreshAsync(session.Project, session.Stack, snapshot, par, false, ct);
                await session.SaveStateAsync(snapshot, ct);
            }
            var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, ct);
            var printer = new PlanPrinter(env.Out, session.Scrubber);
            if (!parse.GetValue(skip)) printer.Print(plan, "Previewing update", parse.GetValue(diff));
            else foreach (var w in plan.Warnings) session.Warn(w);
            if (!Confirmation.Ask(env, parse.GetValue(yes), parse.GetValue(skip), "Do you want to perform this update?"))
            {
                env.Error.WriteLine("error: confirmation declined, not proceeding with the update");
                return ExitCodes.Cancelled;
            }
            env.Out.WriteLine($"Updating ({session.Stack}):");
            var code = await PlanRun.ExecuteAsync(env, session, plan, snapshot, providers, PlanRun.Order(desired), par, cancelToken());
            if (code != ExitCodes.Ok) return code;
            await StackOutputs.PrintAsync(env, session, ct);
            return parse.GetValue(expect) && plan.HasChanges ? PreviewCommand.NoChangesExpected(env) : ExitCodes.Ok;
        });
        return command;
    }
}
