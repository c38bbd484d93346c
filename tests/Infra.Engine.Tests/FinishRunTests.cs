using Infra.Engine.Operations;
using Infra.Engine.Providers;
using Infra.Engine.Tests.Support;
using Moq;

namespace Infra.Engine.Tests;

/// <summary>
/// What the host does late on its own (a killed run's queued create landing after this run's own) is the provider's to
/// finish once the steps are over: an up or a destroy lets it, whether its steps succeeded or not; a preview never does.
/// </summary>
public sealed class FinishRunTests
{
    private static void Program(Infra.Engine.Model.StackRoot root)
    {
        _ = new Thing("a", new ThingArgs { Value = "1" }, root);
        _ = new Thing("b", new ThingArgs { Value = "1" }, root);
    }

    private static List<string> Finishing(EngineHarness h, Exception? fails = null)
    {
        var callsWhenFinished = new List<string>();
        h.Provider.Mock.As<IFinishesRun>()
            .Setup(p => p.FinishRunAsync(It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                callsWhenFinished.Add($"finish after {h.Provider.Calls.Count(c => c.StartsWith("create:", StringComparison.Ordinal) || c.StartsWith("delete:", StringComparison.Ordinal))} steps");
                return fails is null ? Task.CompletedTask : Task.FromException(fails);
            });
        return callsWhenFinished;
    }

    [Fact]
    public async Task An_up_lets_the_provider_finish_once_after_every_step_even_a_failed_one_and_a_preview_never()
    {
        var h = new EngineHarness();
        var finished = Finishing(h);
        h.Provider.BeforeCreate = r => ProviderMock.NameOf(r.Urn) == "b" ? throw new ProviderException("b refused") : Task.CompletedTask;

        await h.PlanAsync(Program);
        Assert.Empty(finished);

        var result = await h.RunUpAsync(Program);

        Assert.Equal(OperationOutcome.Failed, result.Outcome);
        Assert.Equal(["finish after 2 steps"], finished);
    }

    [Fact]
    public async Task A_destroy_lets_the_provider_finish_after_its_deletes()
    {
        var h = new EngineHarness();
        var finished = Finishing(h);
        await h.UpAsync(Program);
        h.Provider.ClearCalls();
        finished.Clear();

        var result = await h.DestroyAsync();

        Assert.Equal(OperationOutcome.Succeeded, result.Outcome);
        Assert.Equal(["finish after 2 steps"], finished);
    }

    [Fact]
    public async Task A_provider_failing_to_finish_fails_nothing_and_is_a_warning()
    {
        var h = new EngineHarness();
        Finishing(h, new InvalidOperationException("host went away"));

        var result = await h.RunUpAsync(Program);

        Assert.Equal(OperationOutcome.Succeeded, result.Outcome);
        Assert.Contains(result.Diagnostics, d => d.Contains("host went away", StringComparison.Ordinal));
        Assert.NotNull(h.Find("a"));
        Assert.NotNull(h.Find("b"));
    }
}
