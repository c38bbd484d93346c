using Infra.Cli.Composition;
using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary><c>infra destroy</c>: delete every resource of the stack; retained ones (data volumes) stay.</summary>
public static class DestroyCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition, Func<CancellationToken> cancelToken)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var skip = CommonOptions.SkipPreview();
        var previewOnly = CommonOptions.PreviewOnly();
        var parallel = CommonOptions.Parallel();
        var includeRetained = new Option<bool>("--include-retained") { Description = "Also delete retained resources (data volumes and the secrets that open them)" };
        var json = CommonOptions.Json();
        json.Description = "Print one JSON event per line (docs/events.md) instead of text";
        var targets = TargetFlags.ForDestroy();
        var command = new Command("destroy", "Delete all of the stack's resources (or, with --target, some)") { stack, yes, skip, previewOnly, parallel, includeRetained, json };
        targets.AddTo(command);
        command.Aliases.Add("down");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct, recoverBeforeStateUse: true);
            var only = parse.GetValue(previewOnly);
            var events = parse.GetValue(json) ? new JsonEventStream(env, session, "destroy") : null;
            events?.Prelude();
            IOperationObserver observer = events ?? (IOperationObserver)new CliObserver(env, session,
                plan => PlanPrinter.For(env, session.Scrubber).Print(plan, only ? "Previewing destroy" : "Destroying", diff: false));
            var options = new DestroyOptions(parse.GetValue(parallel) ?? env.DefaultParallel, _ =>
                Confirmation.Ask(env, parse.GetValue(yes), parse.GetValue(skip) || events is not null, "Do you want to destroy these resources?"),
                only, parse.GetValue(includeRetained), cancelToken(), targets.Parse(parse));
            var result = await session.Operations(composition, observer).DestroyAsync(session.Project, session.Stack, options, ct);
            if (events is null) PrintRetained(env, result.Retained);
            return result.Outcome == OperationOutcome.Declined ? ExitCodes.Cancelled : OperationReport.Print(env, session, result, events);
        });
        return command;
    }

    private static void PrintRetained(CliEnvironment env, IReadOnlyList<ResourceState> retained)
    {
        if (retained.Count == 0) return;
        env.Out.WriteLine($"Kept (retainOnDelete, {retained.Count}): {string.Join(", ", retained.Select(r => $"{r.Type} {r.Name}"))} — their data stays on the host "
            + "and they stay in the state, so the next up finds the data and the credentials that open it (`--include-retained` deletes them too).");
    }
}
