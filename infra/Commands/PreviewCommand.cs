using Infra.Cli.Composition;
using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;

namespace Infra.Cli.Commands;

/// <summary><c>infra preview</c>: what <c>up</c> would do. Takes no lock and writes nothing (but the <c>--markdown</c> file).</summary>
public static class PreviewCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var stack = CommonOptions.Stack();
        var diff = CommonOptions.Diff();
        var json = CommonOptions.Json();
        var markdown = new Option<string?>("--markdown") { Description = "Also write the preview as a pull-request comment (Markdown) to this file" };
        var expect = CommonOptions.ExpectNoChanges();
        var refresh = CommonOptions.Refresh();
        var parallel = CommonOptions.Parallel();
        var targets = TargetFlags.ForPreview();
        var command = new Command("preview", "Show what `up` would change") { stack, diff, json, markdown, expect, refresh, parallel };
        targets.AddTo(command);
        command.Aliases.Add("pre");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct, recoverBeforeStateUse: true);
            var markdownFile = parse.GetValue(markdown) is { } file ? Path.Combine(env.WorkingDirectory, file) : null;
            var asJson = parse.GetValue(json);
            var observer = new CliObserver(env, session, asJson ? null
                : plan => PlanPrinter.For(env, session.Scrubber).Print(plan, "Previewing update", parse.GetValue(diff)));
            // A report (JSON, Markdown) carries the violations for CI to show; without one, nothing is previewed.
            var options = new PreviewOptions(parse.GetValue(parallel) ?? env.DefaultParallel, parse.GetValue(refresh),
                ReportViolations: asJson || markdownFile is not null, Targets: targets.Parse(parse));
            var result = await session.Operations(composition, observer).PreviewAsync(session.Program(composition.Program), options, ct);
            var (plan, violations) = (result.Plan, result.PolicyViolations);
            if (asJson) env.Out.WriteLine(session.Scrubber.Scrub(PlanJson.Render(plan, session.Warnings, violations)));
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
