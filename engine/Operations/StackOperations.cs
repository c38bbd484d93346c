using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Operations;

/// <summary>
/// The engine's entry point: each verb's whole sequence (evaluate the program → check policies → lock →
/// load → refresh → plan → approve → execute with checkpoints), the way Terraform's Context.Plan/Apply
/// own theirs. A front end parses, supplies the approval and renders what the observer hears and the result.
/// </summary>
public sealed class StackOperations(IStackState state, ProviderRegistry providers, IOperationObserver observer)
{
    private readonly List<string> _diagnostics = [];

    /// <summary>What <c>up</c> would do. Takes no lock and writes nothing.</summary>
    public async Task<OperationResult> PreviewAsync(ProgramInput program, PreviewOptions options, CancellationToken ct)
    {
        var (desired, violations) = Evaluate(program, refuseViolations: !options.ReportViolations);
        var snapshot = await state.LoadAsync(ct);
        await WarnUnreachableAsync(ct);
        if (options.Refresh) (_, snapshot) = await RefreshPlanner().RefreshAsync(desired.Project, desired.Stack, snapshot, options.Parallel, false, ct);
        var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, ct);
        observer.Planned(plan);
        return Result(OperationOutcome.Previewed, plan, null, violations);
    }

    /// <summary>Converges the host to the program.</summary>
    public async Task<OperationResult> UpAsync(ProgramInput program, UpOptions options, CancellationToken ct)
    {
        var (desired, _) = Evaluate(program, refuseViolations: true);
        await using var stackLock = await state.LockAsync("infra up", ct);
        var snapshot = await state.LoadAsync(ct);
        if (options.Refresh)
        {
            (_, snapshot) = await RefreshPlanner().RefreshAsync(desired.Project, desired.Stack, snapshot, options.Parallel, false, ct);
            await state.SaveAsync(snapshot, ct);
        }
        var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, ct);
        observer.Planned(plan);
        if (!options.Approve(plan)) return Result(OperationOutcome.Declined, plan, null);
        var execution = await ExecuteAsync(plan, snapshot, desired.Resources.Select(r => r.Urn).ToList(), options.Parallel, options.Cancel);
        return Result(Outcome(execution), plan, execution);
    }

    /// <summary>Reads every resource back and, unless only previewing, records what was read.</summary>
    public async Task<OperationResult> RefreshAsync(string project, string stack, RefreshOptions options, CancellationToken ct)
    {
        await using var stackLock = options.PreviewOnly ? null : await state.LockAsync("infra refresh", ct);
        var snapshot = await state.LoadAsync(ct);
        var (plan, refreshed) = await RefreshPlanner().RefreshAsync(project, stack, snapshot, options.Parallel, options.ClearPendingCreates, ct);
        observer.Planned(plan);
        if (options.PreviewOnly) return Result(OperationOutcome.Previewed, plan, null);
        if (!options.Approve(plan)) return Result(OperationOutcome.Declined, plan, null);
        await state.SaveAsync(refreshed, ct);
        return Result(OperationOutcome.Succeeded, plan, null);
    }

    /// <summary>Deletes the stack's resources; retained ones (data volumes) stay unless <see cref="DestroyOptions.IncludeRetained"/>.</summary>
    public async Task<OperationResult> DestroyAsync(string project, string stack, DestroyOptions options, CancellationToken ct)
    {
        await using var stackLock = options.PreviewOnly ? null : await state.LockAsync("infra destroy", ct);
        var snapshot = await state.LoadAsync(ct);
        if (options.IncludeRetained) snapshot = snapshot with { Resources = snapshot.Resources.Select(r => r with { RetainOnDelete = false }).ToList() };
        var plan = new Planner(providers).PlanDestroy(project, stack, snapshot);
        observer.Planned(plan);
        var retained = snapshot.Resources.Where(r => r.RetainOnDelete && r.Custom).ToList();
        if (options.PreviewOnly) return Result(OperationOutcome.Previewed, plan, null, retained: retained);
        if (!options.Approve(plan)) return Result(OperationOutcome.Declined, plan, null, retained: retained);
        var execution = await ExecuteAsync(plan, snapshot, snapshot.Resources.Select(r => r.Urn).ToList(), options.Parallel, options.Cancel);
        return Result(Outcome(execution), plan, execution, retained: retained);
    }

    /// <summary>Runs the program: its resources, and the violations of its policies (refused at once for a run that deploys).</summary>
    private (DesiredState Desired, IReadOnlyList<string> Violations) Evaluate(ProgramInput input, bool refuseViolations)
    {
        var desired = ProgramRegistration.Register(input.Program.Build(input.Context));
        observer.Evaluated(desired);
        var violations = input.Program.CheckPolicies(desired);
        if (refuseViolations && violations.Count > 0) throw new PolicyViolationException(violations);
        return (desired, violations);
    }

    private async Task<ExecutionResult> ExecuteAsync(Plan plan, StackSnapshot prior, IReadOnlyList<string> order, int parallel, CancellationToken cancel)
    {
        var live = new LiveState(prior, order, state.SaveAsync);
        return await new Executor(providers).ExecuteAsync(plan, live, parallel, observer, cancel);
    }

    /// <summary>Warns (once per provider) when a remote host does not answer; a preview is still made from program and state.</summary>
    private async Task WarnUnreachableAsync(CancellationToken ct)
    {
        foreach (var probe in providers.All.OfType<IReachabilityProbe>())
            if (await probe.ProbeAsync(ct) is { } reason)
                Warn($"{reason}; previewing from the program and the saved state only");
    }

    private RefreshPlanner RefreshPlanner() => new(providers, observer);

    private void Warn(string message)
    {
        lock (_diagnostics) _diagnostics.Add(message);
        observer.Warning(message);
    }

    private static OperationOutcome Outcome(ExecutionResult execution) =>
        execution.Cancelled ? OperationOutcome.Cancelled : execution.Succeeded ? OperationOutcome.Succeeded : OperationOutcome.Failed;

    private OperationResult Result(OperationOutcome outcome, Plan plan, ExecutionResult? execution,
        IReadOnlyList<string>? violations = null, IReadOnlyList<ResourceState>? retained = null)
    {
        lock (_diagnostics)
            return new OperationResult(outcome, plan, execution, [.. plan.Warnings, .. _diagnostics], violations ?? [], retained ?? []);
    }
}

/// <summary>The program of a run and the context it is built in (project, stack, config).</summary>
public sealed record ProgramInput(IStackProgram Program, StackContext Context);
