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
        var early = EarlyObservation(program.Context, options.Refresh, options.Parallel, ct);
        var (desired, violations) = Evaluate(program, refuseViolations: !options.ReportViolations);
        var snapshot = await state.LoadAsync(ct);
        var targets = RequireKnownTargets(options.Targets, snapshot, desired);
        StateTypeCheck.Require(snapshot, providers);
        if (options.Refresh) await RequireReachableAsync(snapshot, desired, ct);
        else await WarnUnreachableAsync(ct);
        snapshot = options.Refresh
            ? (await RefreshPlanner().RefreshAsync(desired.Project, desired.Stack, snapshot, options.Parallel, false, ct, targets)).Refreshed
            : await ObservedBeforePlanAsync(desired, snapshot, early, options.Parallel, ct);
        var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, targets, ct);
        observer.Planned(plan);
        return Result(OperationOutcome.Previewed, plan, null, violations);
    }

    /// <summary>Converges the host to the program.</summary>
    public async Task<OperationResult> UpAsync(ProgramInput program, UpOptions options, CancellationToken ct)
    {
        var early = EarlyObservation(program.Context, options.Refresh, options.Parallel, ct);
        var (desired, _) = Evaluate(program, refuseViolations: true);
        await using var stackLock = await state.LockAsync("infra up", ct);
        var snapshot = await state.LoadAsync(ct);
        var targets = RequireKnownTargets(options.Targets, snapshot, desired);
        StateTypeCheck.Require(snapshot, providers);
        await RequireReachableAsync(snapshot, desired, ct);
        return await RecordedAsync(HistoryKind.Update, async () =>
        {
            if (await SettleInterruptedDeletesAsync(snapshot, ct)) early = Task.FromResult<(StackSnapshot, StackSnapshot)?>(null);
            if (options.Refresh)
            {
                (_, snapshot) = await RefreshPlanner().RefreshAsync(desired.Project, desired.Stack, snapshot, options.Parallel, false, ct, targets);
                await state.SaveAsync(snapshot, ct);
            }
            else snapshot = await ObservedBeforePlanAsync(desired, snapshot, early, options.Parallel, ct);
            var plan = await new Planner(providers).PlanUpdateAsync(desired, snapshot, targets, ct);
            observer.Planned(plan);
            if (!options.Approve(plan)) return Result(OperationOutcome.Declined, plan, null);
            var execution = await ExecuteAsync(plan, snapshot, desired.Resources.Select(r => r.Urn).ToList(), options.Parallel, options.Cancel);
            return Result(Outcome(execution), plan, execution);
        }, ct);
    }

    /// <summary>Reads every resource back and, unless only previewing, records what was read.</summary>
    public async Task<OperationResult> RefreshAsync(string project, string stack, RefreshOptions options, CancellationToken ct)
    {
        await using var stackLock = options.PreviewOnly ? null : await state.LockAsync("infra refresh", ct);
        var snapshot = await state.LoadAsync(ct);
        var targets = RequireKnownTargets(options.Targets, snapshot);
        StateTypeCheck.Require(snapshot, providers);
        await RequireReachableAsync(snapshot, null, ct);
        if (options.PreviewOnly)
        {
            var (previewed, _) = await RefreshPlanner().RefreshAsync(project, stack, snapshot, options.Parallel, options.ClearPendingCreates, ct, targets);
            observer.Planned(previewed);
            return Result(OperationOutcome.Previewed, previewed, null);
        }
        return await RecordedAsync(HistoryKind.Refresh, async () =>
        {
            var (plan, refreshed) = await RefreshPlanner().RefreshAsync(project, stack, snapshot, options.Parallel, options.ClearPendingCreates, ct, targets);
            observer.Planned(plan);
            if (!options.Approve(plan)) return Result(OperationOutcome.Declined, plan, null);
            await state.SaveAsync(refreshed, ct);
            return Result(OperationOutcome.Succeeded, plan, null);
        }, ct);
    }

    /// <summary>Deletes the stack's resources; retained ones (data volumes) stay unless <see cref="DestroyOptions.IncludeRetained"/>.</summary>
    public async Task<OperationResult> DestroyAsync(string project, string stack, DestroyOptions options, CancellationToken ct)
    {
        await using var stackLock = options.PreviewOnly ? null : await state.LockAsync("infra destroy", ct);
        var snapshot = await state.LoadAsync(ct);
        var targets = RequireKnownTargets(options.Targets, snapshot);
        StateTypeCheck.Require(snapshot, providers);
        if (!options.PreviewOnly) await RequireReachableAsync(snapshot, null, ct);
        if (options.IncludeRetained) snapshot = snapshot with { Resources = snapshot.Resources.Select(r => r with { RetainOnDelete = false }).ToList() };
        var scope = RunScope.ForState(targets, snapshot);
        var retained = snapshot.Resources.Where(r => r.RetainOnDelete && r.Custom && scope.Includes(r.Urn)).ToList();
        if (options.PreviewOnly)
        {
            var previewed = new Planner(providers).PlanDestroy(project, stack, snapshot, targets);
            observer.Planned(previewed);
            return Result(OperationOutcome.Previewed, previewed, null, retained: retained);
        }
        return await RecordedAsync(HistoryKind.Destroy, async () =>
        {
            var plan = new Planner(providers).PlanDestroy(project, stack, snapshot, targets);
            observer.Planned(plan);
            if (!options.Approve(plan)) return Result(OperationOutcome.Declined, plan, null, retained: retained);
            var execution = await ExecuteAsync(plan, snapshot, snapshot.Resources.Select(r => r.Urn).ToList(), options.Parallel, options.Cancel);
            return Result(Outcome(execution), plan, execution, retained: retained);
        }, ct);
    }

    /// <summary>
    /// A state verb (<c>state delete</c>, <c>rename</c>, …) or <c>stack import</c>: under the lock, computes the
    /// edit from the current state (an exception leaves everything as it was), asks <paramref name="approve"/>,
    /// then saves it and records it in the history. An edit that changes nothing writes nothing.
    /// </summary>
    public async Task<StateEdit> EditStateAsync(string kind, Func<StackSnapshot, StateEdit> edit, Func<StateEdit, bool> approve, CancellationToken ct)
    {
        await using var stackLock = await state.LockAsync($"infra {kind}", ct);
        var change = edit(await state.LoadAsync(ct));
        if (!change.Changed || !approve(change)) return change;
        var history = await state.BeginHistoryAsync(kind, ct);
        await state.SaveAsync(change.Snapshot, ct);
        await EndHistoryAsync(history, HistoryEntry.Succeeded, change.Counts);
        return change;
    }

    /// <summary>
    /// <c>infra import TYPE NAME ID</c>: adopts a live object as the program's resource (see <see cref="ResourceImport"/>).
    /// Under the lock; asks <paramref name="approve"/> with the lines it would record; recorded in the history.
    /// </summary>
    public async Task<StateEdit> ImportResourceAsync(ProgramInput program, ResourceImportRequest request, Func<StateEdit, bool> approve, CancellationToken ct)
    {
        var (desired, _) = Evaluate(program, refuseViolations: false);
        await using var stackLock = await state.LockAsync("infra import", ct);
        var change = await new ResourceImport(providers).EditAsync(desired, await state.LoadAsync(ct), request, ct);
        if (!approve(change)) return change with { Changes = [] };
        var history = await state.BeginHistoryAsync(HistoryKind.Import, ct);
        await state.SaveAsync(change.Snapshot, ct);
        await EndHistoryAsync(history, HistoryEntry.Succeeded, change.Counts);
        return change;
    }

    /// <summary>
    /// Several imports prepared by <paramref name="prepare"/>, which runs under the lock with the program and the state
    /// (it may make the objects first: a migration copies data into new volumes) and returns what to import, or null
    /// when declined. One history entry.
    /// </summary>
    public async Task<StateEdit?> ImportResourcesAsync(ProgramInput program,
        Func<DesiredState, StackSnapshot, CancellationToken, Task<IReadOnlyList<ResourceImportRequest>?>> prepare, CancellationToken ct)
    {
        var (desired, _) = Evaluate(program, refuseViolations: false);
        await using var stackLock = await state.LockAsync("infra import", ct);
        var current = await state.LoadAsync(ct);
        if (await prepare(desired, current, ct) is not { } requests) return null;
        var change = await new ResourceImport(providers).EditAsync(desired, current, requests, ct);
        var history = await state.BeginHistoryAsync(HistoryKind.Import, ct);
        await state.SaveAsync(change.Snapshot, ct);
        await EndHistoryAsync(history, HistoryEntry.Succeeded, change.Counts);
        return change;
    }

    /// <summary><c>stack import</c>: replaces the whole state with <paramref name="imported"/> (already checked).</summary>
    public Task<StateEdit> ImportAsync(StackSnapshot imported, CancellationToken ct) =>
        EditStateAsync(HistoryKind.Import,
            current => new StateEdit(imported, [$"imported {imported.Resources.Count} resources"], ResourceChanges.Between(current, imported)),
            _ => true, ct);

    /// <summary>
    /// Runs an operation that holds the lock and records it in the history: one entry per operation, with the
    /// checkpoint it started from; a declined one leaves no entry, one that throws is recorded as failed.
    /// </summary>
    private async Task<OperationResult> RecordedAsync(string kind, Func<Task<OperationResult>> run, CancellationToken ct)
    {
        var history = await state.BeginHistoryAsync(kind, ct);
        OperationResult result;
        try { result = await run(); }
        catch
        {
            await EndHistoryAsync(history, HistoryEntry.Failed, ResourceChanges.None);
            throw;
        }
        if (result.Outcome is OperationOutcome.Declined or OperationOutcome.Previewed)
        {
            await DiscardHistoryAsync(history);
            return result;
        }
        var changes = ResourceChanges.Of(result.Execution is null ? result.Plan.Steps : result.Done.Steps);
        await EndHistoryAsync(history, result.Outcome == OperationOutcome.Succeeded ? HistoryEntry.Succeeded : HistoryEntry.Failed, changes);
        return result;
    }

    // Nothing is recorded either way: a checkpoint left behind is replaced by the next operation's.
    private static async Task DiscardHistoryAsync(IHistoryRecord history)
    {
        try { await history.DiscardAsync(CancellationToken.None); }
        catch (Exception e) when (e is IOException or EngineException or UnauthorizedAccessException) { }
    }

    /// <summary>Writes a history entry; the operation's own outcome matters more, so a failure to write it is a warning.</summary>
    private async Task EndHistoryAsync(IHistoryRecord history, string result, ResourceChanges changes)
    {
        try { await history.EndAsync(result, changes, CancellationToken.None); }
        catch (Exception e) when (e is IOException or EngineException or UnauthorizedAccessException)
        {
            Warn($"the operation was not recorded in the stack's history: {e.Message}");
        }
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

    /// <summary>A target, exclude or replace naming no resource is refused before anything is read or recorded, as in Pulumi.</summary>
    private static TargetOptions RequireKnownTargets(TargetOptions? targets, StackSnapshot snapshot, DesiredState? desired = null)
    {
        targets ??= TargetOptions.None;
        targets.RequireKnown(snapshot.Resources.Select(r => r.Urn).Concat(desired?.Resources.Select(r => r.Urn) ?? []));
        return targets;
    }

    private async Task<ExecutionResult> ExecuteAsync(Plan plan, StackSnapshot prior, IReadOnlyList<string> order, int parallel, CancellationToken cancel)
    {
        var live = new LiveState(prior, order, state.SaveAsync);
        try
        {
            return await new Executor(providers).ExecuteAsync(plan, live, parallel, observer, cancel);
        }
        finally { await FinishRunAsync(); }
    }

    /// <summary>Lets each provider finish what the host did late (see <see cref="IFinishesRun"/>); never fails the run.</summary>
    private async Task FinishRunAsync()
    {
        foreach (var provider in providers.All.OfType<IFinishesRun>())
        {
            try { await provider.FinishRunAsync(CancellationToken.None); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Warn($"after the run: {e.Message}");
            }
        }
    }

    /// <summary>Warns (once per provider) when a remote host does not answer; a preview is still made from program and state.</summary>
    private async Task WarnUnreachableAsync(CancellationToken ct)
    {
        foreach (var probe in providers.All.OfType<IReachabilityProbe>())
            if (await probe.ProbeAsync(ct) is { } reason)
                Warn($"{reason}; previewing from the program and the saved state only");
    }

    /// <summary>
    /// Every host the run needs (a provider of a type in the program or the state) answers: checked once, before
    /// anything is planned, created or written, and said once, naming the host.
    /// </summary>
    private async Task RequireReachableAsync(StackSnapshot snapshot, DesiredState? desired, CancellationToken ct)
    {
        var packages = snapshot.Resources.Where(r => r.Custom).Select(r => r.Type)
            .Concat(desired?.Resources.Where(r => r.Custom).Select(r => r.Type) ?? [])
            .Select(Model.TypeToken.Package).ToHashSet(StringComparer.Ordinal);
        foreach (var provider in providers.All.Where(p => packages.Contains(p.Package)))
            if (provider is IReachabilityProbe probe && await probe.ProbeAsync(ct) is { } reason)
                throw new HostUnreachableException($"{reason}; nothing was changed");
        if (desired is null) return;
        foreach (var provider in providers.All)
        {
            var mine = desired.Resources.Where(r => r.Custom && Model.TypeToken.Package(r.Type) == provider.Package).ToList();
            if (provider is IHostPrerequisites prerequisites && mine.Count > 0 && await prerequisites.CheckAsync(mine, ct) is { } problem)
                throw new ConfigException($"{problem}; nothing was changed");
        }
    }

    private RefreshPlanner RefreshPlanner() => new(providers, observer);

    /// <summary>
    /// Starts, on another thread while the program runs, what a plan without refresh reads first: the state (read
    /// without the lock, see <see cref="IStackState.PeekAsync"/>) and the resources observed before planning. Used only
    /// if the state read later (under the lock, for <c>up</c>) is that very snapshot; any failure here leaves the
    /// work to be done in its place, where it reports its own errors.
    /// </summary>
    private Task<(StackSnapshot Read, StackSnapshot Observed)?> EarlyObservation(StackContext context, bool refresh, int parallel, CancellationToken ct)
    {
        if (refresh) return Task.FromResult<(StackSnapshot, StackSnapshot)?>(null);
        return Task.Run(async () =>
        {
            try
            {
                var read = await state.PeekAsync(ct);
                return ((StackSnapshot, StackSnapshot)?)(read, await ObservedBeforePlanAsync(context.Project, context.Stack, read, parallel, ct));
            }
            catch (Exception)
            {
                return null;
            }
        }, CancellationToken.None);
    }

    private async Task<StackSnapshot> ObservedBeforePlanAsync(DesiredState desired, StackSnapshot snapshot, Task<(StackSnapshot Read, StackSnapshot Observed)?> early, int parallel, CancellationToken ct) =>
        await early is var (read, observed) && ReferenceEquals(read, snapshot)
            ? observed
            : await ObservedBeforePlanAsync(desired.Project, desired.Stack, snapshot, parallel, ct);

    /// <summary>
    /// The snapshot with the resources of <see cref="IObservedBeforePlan"/> types read back (quietly). Best effort: a
    /// host that does not answer leaves the saved state as it is, and the run reports the host when it needs it.
    /// </summary>
    private async Task<StackSnapshot> ObservedBeforePlanAsync(string project, string stack, StackSnapshot snapshot, int parallel, CancellationToken ct)
    {
        // After an interrupted run (killed, or its host stopped answering) every resource is read back first, as
        // `up --refresh` would: an update or delete left half done (a container stopped but not removed) no longer
        // matches its entry, and a host fault reaches beyond the calls it cut short (a restarted dockerd does not
        // start every container again).
        var interruptedRun = snapshot.PendingOperations.Count > 0;
        bool Observed(ResourceState r)
        {
            if (interruptedRun) return true;
            try { return providers.For(r.Type) is IObservedBeforePlan o && o.IsObservedBeforePlan(r.Type); }
            catch (EngineException) { return false; }
        }
        if (!snapshot.Resources.Any(Observed)) return snapshot;
        try
        {
            return (await new RefreshPlanner(providers).RefreshAsync(project, stack, snapshot, parallel, false, ct, only: Observed)).Refreshed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return snapshot;
        }
    }

    /// <summary>
    /// Lets providers finish what the host still does for deletes a killed run began (see
    /// <see cref="ISettlesInterruptedDeletes"/>), all at once. Best effort: a host that fails here fails again, named,
    /// where the run needs it. Returns whether anything was settled (what was read early is then out of date).
    /// </summary>
    private async Task<bool> SettleInterruptedDeletesAsync(StackSnapshot snapshot, CancellationToken ct)
    {
        var settling = new List<Task>();
        foreach (var pending in snapshot.PendingOperations.Where(p => p.Type == PendingOperation.Deleting && p.Resource.Custom && p.Resource.Id is not null))
        {
            ISettlesInterruptedDeletes? provider;
            try { provider = providers.For(pending.Resource.Type) as ISettlesInterruptedDeletes; }
            catch (EngineException) { continue; }
            var r = pending.Resource;
            if (provider is not null)
                settling.Add(provider.SettleInterruptedDeleteAsync(new DeleteRequest(r.Urn, r.Type, r.Id!, r.Inputs, r.Outputs), ct));
        }
        if (settling.Count == 0) return false;
        try { await Task.WhenAll(settling); }
        catch (Exception) when (!ct.IsCancellationRequested) { }
        return true;
    }

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
