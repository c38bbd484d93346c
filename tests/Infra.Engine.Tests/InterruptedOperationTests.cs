using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>
/// A run killed in the middle of a delete or update leaves the object half changed (a container stopped, not yet
/// removed) while its entry still describes it as it was: the next <c>up</c> reads such a resource back before it plans.
/// </summary>
public sealed class InterruptedOperationTests
{
    [Theory]
    [InlineData(PendingOperation.Deleting)]
    [InlineData(PendingOperation.Updating)]
    public async Task The_next_up_reads_back_a_resource_whose_operation_was_interrupted_and_converges_it(string interrupted)
    {
        var h = new EngineHarness();
        void Program(Infra.Engine.Model.StackRoot root)
        {
            _ = new Thing("a", new ThingArgs { Value = "1" }, root);
            _ = new Thing("b", new ThingArgs { Value = "1" }, root);
        }
        await h.UpAsync(Program);
        h.State = h.State with { PendingOperations = [new PendingOperation(h.Find("a")!, interrupted)] };
        // What the host now has: the change half made.
        h.Provider.Read = r => ProviderMock.NameOf(r.Urn) == "a" ? new ReadResult(r.Id, new JsonObject { ["value"] = "half" }, new JsonObject { ["value"] = "half" }) : null;
        h.Provider.ClearCalls();

        var plan = await h.UpAsync(Program);

        Assert.Contains("read:a", h.Provider.Calls);
        Assert.DoesNotContain("read:b", h.Provider.Calls);
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "b").Op);
        Assert.Empty(h.State.PendingOperations);
        Assert.Equal("1", (string?)h.Find("a")!.Inputs["value"]);
    }
}

/// <summary>
/// A plain up reads the state and the resources it observes before planning while its program runs, before it holds
/// the lock; that early work counts only when the state under the lock is the same.
/// </summary>
public sealed class EarlyObservationTests
{
    private static void Program(Infra.Engine.Model.StackRoot root)
    {
        _ = new Thing("a", new ThingArgs { Value = "1" }, root);
        _ = new Thing("b", new ThingArgs { Value = "1" }, root);
    }

    [Fact]
    public async Task An_up_plans_from_the_state_under_the_lock_when_another_run_changed_it_after_the_early_read()
    {
        var h = new EngineHarness();
        await h.UpAsync(Program);
        // The early read finds a run's interrupted update of "a"; by the time the lock is taken, that run has finished.
        h.Peeked = h.State with { PendingOperations = [new PendingOperation(h.Find("a")!, PendingOperation.Updating)] };
        h.Provider.Read = r => new ReadResult(r.Id, new JsonObject { ["value"] = "half" }, new JsonObject { ["value"] = "half" });

        var plan = await h.UpAsync(Program);

        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
        Assert.Equal("1", (string?)h.Find("a")!.Inputs["value"]);
    }

    [Fact]
    public async Task An_up_whose_state_did_not_change_reads_back_once_what_it_observes_before_planning()
    {
        var h = new EngineHarness();
        await h.UpAsync(Program);
        h.State = h.State with { PendingOperations = [new PendingOperation(h.Find("a")!, PendingOperation.Updating)] };
        h.Provider.Read = r => ProviderMock.NameOf(r.Urn) == "a" ? new ReadResult(r.Id, new JsonObject { ["value"] = "half" }, new JsonObject { ["value"] = "half" }) : null;
        h.Provider.ClearCalls();

        var plan = await h.UpAsync(Program);

        Assert.Single(h.Provider.Calls, c => c == "read:a");
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "a").Op);
    }

    [Fact]
    public async Task A_preview_plans_from_the_state_it_loads_not_from_an_earlier_read()
    {
        var h = new EngineHarness();
        await h.UpAsync(Program);
        h.Peeked = h.State with { PendingOperations = [new PendingOperation(h.Find("a")!, PendingOperation.Updating)] };
        h.Provider.Read = r => new ReadResult(r.Id, new JsonObject { ["value"] = "half" }, new JsonObject { ["value"] = "half" });

        var plan = await h.PlanAsync(Program);

        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
    }
}
