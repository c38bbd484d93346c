using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Engine.Model;
using Infra.Engine.Planning;

namespace Infra.Cli.Commands;

/// <summary><c>infra destroy</c>: delete every resource of the stack; retained ones (data volumes) stay.</summary>
public static class DestroyCommand
{
    public static Command Create(CliEnvironment env, IStackProgram program, Func<CancellationToken> cancelToken)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var skip = CommonOptions.SkipPreview();
        var previewOnly = CommonOptions.PreviewOnly();
        var parallel = CommonOptions.Parallel();
        var includeRetained = new Option<bool>("--include-retained") { Description = "Also delete retained resources (data volumes and the secrets that open them)" };
        var command = new Command("destroy", "Delete all of the stack's resources") { stack, yes, skip, previewOnly, parallel, includeRetained };
        command.Aliases.Add("down");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var (_, providers) = session.BuildProgram(program);
            var only = parse.GetValue(previewOnly);
            await using var stackLock = only ? null : await session.Store.LockAsync(session.Project, session.Stack, "infra destroy", session.Warn, ct);
            var snapshot = await session.LoadStateAsync(ct);
            var everything = parse.GetValue(includeRetained);
            if (everything) snapshot = snapshot with { Resources = snapshot.Resources.Select(r => r with { RetainOnDelete = false }).ToList() };
            var plan = new Planner(providers).PlanDestroy(session.Project, session.Stack, snapshot);
            new PlanPrinter(env.Out, session.Scrubber).Print(plan, only ? "Previewing destroy" : "Destroying", diff: false);
            var retained = everything ? [] : snapshot.Resources.Where(r => r.RetainOnDelete && r.Custom).ToList();
            if (retained.Count > 0)
                env.Out.WriteLine($"Kept (retainOnDelete, {retained.Count}): {string.Join(", ", retained.Select(r => $"{r.Type} {r.Name}"))} — their data stays on the host "
                    + "and they stay in the state, so the next up finds the data and the credentials that open it (`--include-retained` deletes them too).");
            if (only) return ExitCodes.Ok;
            if (!Confirmation.Ask(env, parse.GetValue(yes), parse.GetValue(skip), "Do you want to destroy these resources?"))
                return ExitCodes.Cancelled;
            return await PlanRun.ExecuteAsync(env, session, plan, snapshot, providers, snapshot.Resources.Select(r => r.Urn).ToList(),
                parse.GetValue(parallel) ?? env.DefaultParallel, cancelToken());
        });
        return command;
    }
}
