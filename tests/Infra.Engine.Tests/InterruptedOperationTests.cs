using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;
using Moq;

namespace Infra.Engine.Tests;

/// <summary>
/// A run killed in the middle of a delete or update leaves the object half changed (a container stopped, not yet
/// removed) while its entry still describes it as it was: the next <c>up</c> reads the stack back before it plans.
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
        Assert.Contains("read:b", h.Provider.Calls);
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "b").Op);
        Assert.Empty(h.State.PendingOperations);
        Assert.Equal("1", (string?)h.Find("a")!.Inputs["value"]);
    }

    /// <summary>
    /// A host fault reaches beyond the calls it cut short: a restarted dockerd does not start every container again.
    /// After a run that left only an interrupted create, the next up still reads back the resource the host changed.
    /// </summary>
    [Fact]
    public async Task After_an_interrupted_run_the_next_up_reads_back_every_resource_not_only_the_interrupted_ones()
    {
        var h = new EngineHarness();
        void Program(Infra.Engine.Model.StackRoot root)
        {
            _ = new Thing("a", new ThingArgs { Value = "1" }, root);
            _ = new Thing("b", new ThingArgs { Value = "1" }, root);
        }
        await h.UpAsync(Program);
        var half = new ResourceState { Urn = EngineHarness.Urn("c"), Type = Thing.TypeToken, Inputs = new JsonObject { ["value"] = "1" } };
        h.State = h.State with { PendingOperations = [new PendingOperation(half, PendingOperation.Creating)] };
        h.Provider.Read = r => ProviderMock.NameOf(r.Urn) == "b" ? new ReadResult(r.Id, new JsonObject { ["value"] = "stopped" }, new JsonObject { ["value"] = "stopped" }) : null;
        h.Provider.ClearCalls();

        var plan = await h.UpAsync(Program);

        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "b").Op);
        Assert.Equal("1", (string?)h.Find("b")!.Inputs["value"]);
    }

    [Fact]
    public async Task Without_an_interrupted_run_a_plain_up_reads_nothing_back()
    {
        var h = new EngineHarness();
        void Program(Infra.Engine.Model.StackRoot root) => _ = new Thing("a", new ThingArgs { Value = "1" }, root);
        await h.UpAsync(Program);
        h.Provider.ClearCalls();

        await h.UpAsync(Program);

        Assert.DoesNotContain(h.Provider.Calls, c => c.StartsWith("read:", StringComparison.Ordinal));
    }

    /// <summary>
    /// The race a killed destroy leaves: dockerd still finishes the stop it was asked for. Read at once, the container
    /// still runs and the plan changes nothing; the stop lands after. Settled first, the read sees where it ends.
    /// </summary>
    [Fact]
    public async Task The_next_up_lets_the_provider_finish_an_interrupted_delete_before_it_reads_and_plans()
    {
        var h = new EngineHarness();
        var settled = false;
        h.Provider.Mock.As<ISettlesInterruptedDeletes>()
            .Setup(p => p.SettleInterruptedDeleteAsync(It.IsAny<DeleteRequest>(), It.IsAny<CancellationToken>()))
            .Returns((DeleteRequest r, CancellationToken _) =>
            {
                Assert.Equal(EngineHarness.Urn("a"), r.Urn);
                settled = true;
                return Task.CompletedTask;
            });
        void Program(Infra.Engine.Model.StackRoot root)
        {
            _ = new Thing("a", new ThingArgs { Value = "1" }, root);
            _ = new Thing("b", new ThingArgs { Value = "1" }, root);
        }
        await h.UpAsync(Program);
        h.State = h.State with { PendingOperations = [new PendingOperation(h.Find("a")!, PendingOperation.Deleting)] };
        h.Provider.Read = r => ProviderMock.NameOf(r.Urn) == "a" && settled
            ? new ReadResult(r.Id, new JsonObject { ["value"] = "stopped" }, new JsonObject { ["value"] = "stopped" })
            : null;

        Assert.Equal(StepOp.Same, EngineHarness.Step(await h.PlanAsync(Program), "a").Op);
        Assert.False(settled, "a preview changed the host");

        var plan = await h.UpAsync(Program);

        Assert.True(settled);
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "b").Op);
        Assert.Empty(h.State.PendingOperations);
    }

    [Fact]
    public async Task An_interrupted_update_is_not_settled_only_read_back()
    {
        var h = new EngineHarness();
        h.Provider.Mock.As<ISettlesInterruptedDeletes>()
            .Setup(p => p.SettleInterruptedDeleteAsync(It.IsAny<DeleteRequest>(), It.IsAny<CancellationToken>()))
            .Throws(new InvalidOperationException("settled an update"));
        void Program(Infra.Engine.Model.StackRoot root) => _ = new Thing("a", new ThingArgs { Value = "1" }, root);
        await h.UpAsync(Program);
        h.State = h.State with { PendingOperations = [new PendingOperation(h.Find("a")!, PendingOperation.Updating)] };
        h.Provider.ClearCalls();

        await h.UpAsync(Program);

        Assert.Contains("read:a", h.Provider.Calls);
        h.Provider.Mock.As<ISettlesInterruptedDeletes>().Verify(
            p => p.SettleInterruptedDeleteAsync(It.IsAny<DeleteRequest>(), It.IsAny<CancellationToken>()), Times.Never);
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
