using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Model;
using Infra.Engine.Planning;

namespace Infra.Cli.Commands;

/// <summary><c>infra preview</c>: what <c>up</c> would do. Takes no lock and writes nothing.</summary>
public static class PreviewCommand
{
    public static Command Create(CliEnvironment env, IStackProgram program)
    {
        var stack = CommonOptions.Stack();
        var diff = CommonOptions.Diff();
        var json = CommonOptions.Json();
        var expect = CommonOptions.ExpectNoChanges();
        var refresh = CommonOptions.Refresh();
        var parallel = CommonOptions.Parallel();
        var command = new Command("preview", "Show what `up` would change") { stack, diff, json, expect, refresh, parallel };
        command.Aliases.Add("pre");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var (desired, providers) = session.BuildProgram(program);
            StackSession.EnforcePolicies(program, desired);
            var snapshot = await session.LoadStateAsync(ct);
            await session.WarnUnreachableAsync(ct);
            if (parse.GetValue(refresh))
                (_, snapshot) = await new RefreshPlanner(providers).RefreshAsync(session.Project, session.Stack, snapshot,
                    parse.GetValue(parallel) ?? env.DefaultParallel, false, ct);
            var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, ct);
            if (parse.GetValue(json)) env.Out.WriteLine(session.Scrubber.Scrub(PlanJson.Render(plan, [])));
            else new PlanPrinter(env.Out, session.Scrubber).Print(plan, "Previewing update", parse.GetValue(diff));
            return parse.GetValue(expect) && plan.HasChanges ? NoChangesExpected(env) : ExitCodes.Ok;
        });
        return command;
    }

    public static int NoChangesExpected(CliEnvironment env)
    {
        env.Error.WriteLine("error: no changes were expected but changes were proposed");
        return ExitCodes.ChangesDetected;
    }
}
