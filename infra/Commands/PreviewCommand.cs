using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Model;
using Infra.Engine.Planning;

namespace Infra.Cli.Commands;

/// <summary><c>infra preview</c>: what <c>up</c> would do. Takes no lock and writes nothing (but the <c>--markdown</c> file).</summary>
public static class PreviewCommand
{
    public static Command Create(CliEnvironment env, IStackProgram program)
    {
        var stack = CommonOptions.Stack();
        var diff = CommonOptions.Diff();
        var json = CommonOptions.Json();
        var markdown = new Option<string?>("--markdown") { Description = "Also write the preview as a pull-request comment (Markdown) to this file" };
        var expect = CommonOptions.ExpectNoChanges();
        var refresh = CommonOptions.Refresh();
        var parallel = CommonOptions.Parallel();
        var command = new Command("preview", "Show what `up` would change") { stack, diff, json, markdown, expect, refresh, parallel };
        command.Aliases.Add("pre");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var (desired, providers) = session.BuildProgram(program);
            var markdownFile = parse.GetValue(markdown) is { } file ? Path.Combine(env.WorkingDirectory, file) : null;
            var asJson = parse.GetValue(json);
            // A report (JSON, Markdown) carries the violations for CI to show; without one, nothing is previewed.
            var violations = program.CheckPolicies(desired);
            if (violations.Count > 0 && !asJson && markdownFile is null) throw new PolicyViolationException(violations);
            var snapshot = await session.LoadStateAsync(ct);
            await session.WarnUnreachableAsync(ct);
            if (parse.GetValue(refresh))
                (_, snapshot) = await new RefreshPlanner(providers).RefreshAsync(session.Project, session.Stack, snapshot,
                    parse.GetValue(parallel) ?? env.DefaultParallel, false, ct);
            var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, ct);
            if (asJson) env.Out.WriteLine(session.Scrubber.Scrub(PlanJson.Render(plan, session.Warnings, violations)));
            else new PlanPrinter(env.Out, session.Scrubber).Print(plan, "Previewing update", parse.GetValue(diff));
            if (markdownFile is not null)
                await File.WriteAllTextAsync(markdownFile, session.Scrubber.Scrub(PlanMarkdown.Render(plan, session.Warnings, violations)), ct);
            if (violations.Count > 0)
            {
                foreach (var v in violations) env.Error.WriteLine($"error: policy violation: {session.Scrubber.Scrub(v)}");
                return ExitCodes.Error;
            }
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
