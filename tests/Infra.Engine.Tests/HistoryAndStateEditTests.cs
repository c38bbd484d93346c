using Infra.Engine.Model;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>The history hook of <see cref="StackOperations"/>, the state verbs' edits and tainted resources.</summary>
public sealed class HistoryAndStateEditTests
{
    private readonly EngineHarness _h = new();

    private static void Program(StackRoot root)
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
        new Thing("c", new ThingArgs { Value = "3" }, root);
    }

    [Fact]
    public async Task An_up_of_many_steps_is_one_history_entry_holding_the_state_it_started_from()
    {
        await _h.UpAsync(Program);
        var deployed = _h.State;
        await _h.DestroyAsync();

        Assert.True(_h.Checkpoints.Count > 2, "several checkpoints were written");
        Assert.Equal([HistoryKind.Update, HistoryKind.Destroy], _h.History.Select(e => e.Kind));
        var (_, result, changes, start) = _h.History.Last();
        Assert.Equal(HistoryEntry.Succeeded, result);
        Assert.Equal(4, changes.Delete); // three things and the stack's resource
        Assert.Same(deployed, start);
        Assert.Empty(_h.History.First().Start.Resources);
    }

    [Fact]
    public async Task A_declined_up_leaves_no_history_entry()
    {
        await _h.Operations().UpAsync(EngineHarness.Program(Program), new UpOptions(1, _ => false), CancellationToken.None);

        Assert.Empty(_h.History);
    }

    [Fact]
    public async Task A_tainted_resource_is_planned_as_a_replacement_even_when_nothing_changed()
    {
        await _h.UpAsync(Program);
        _h.State = StateEdits.Taint(_h.State, [EngineHarness.Urn("c")], taint: true).Snapshot;

        var plan = await _h.PlanAsync(Program);

        var step = EngineHarness.Step(plan, "c");
        Assert.Equal(StepOp.Replace, step.Op);
        Assert.Equal("tainted", step.Reason);
        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
    }

    [Fact]
    public async Task State_edits_go_through_the_lock_and_the_history_and_an_unknown_urn_changes_nothing()
    {
        await _h.UpAsync(Program);
        var (locks, state) = (_h.Locks, _h.State);

        await Assert.ThrowsAsync<UnknownResourceException>(() => _h.Operations().EditStateAsync(HistoryKind.StateDelete,
            s => StateEdits.Delete(s, EngineHarness.Urn("nope"), false, false), _ => true, CancellationToken.None));
        Assert.Same(state, _h.State);

        await _h.Operations().EditStateAsync(HistoryKind.StateDelete, s => StateEdits.Delete(s, EngineHarness.Urn("c"), false, false), _ => true, CancellationToken.None);

        Assert.Equal(locks + 2, _h.Locks);
        Assert.Null(_h.Find("c"));
        Assert.Equal(HistoryKind.StateDelete, _h.History.Last().Kind);
        Assert.Equal(1, _h.History.Last().Changes.Delete);
    }

    [Fact]
    public async Task Repair_refuses_a_cycle_and_changes_nothing()
    {
        await _h.UpAsync(Program);
        var a = _h.Find("a")!;
        var cyclic = _h.State with { Resources = _h.State.Resources.Select(r => r.Urn == a.Urn ? r with { Dependencies = [EngineHarness.Urn("b")] } : r).ToList() };

        Assert.Throws<StateEditRefusedException>(() => StateEdits.Repair(cyclic));
    }
}
