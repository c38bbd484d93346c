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
