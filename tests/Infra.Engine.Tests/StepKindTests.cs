using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>Each step kind, asserted on the plan, the provider calls (in order) and the resulting state.</summary>
public sealed class StepKindTests
{
    private readonly EngineHarness _h = new();

    private static Action<StackRoot> Two(string aValue = "1", string bValue = "1", ResourceOptions? aOptions = null) => root =>
    {
        var a = new Thing("a", new ThingArgs { Value = aValue }, root, aOptions);
        new Thing("b", new ThingArgs { Value = bValue, Link = a.Out }, root);
    };

    [Fact]
    public async Task Create_calls_the_provider_in_dependency_order_and_records_ids_and_outputs()
    {
        var plan = await _h.UpAsync(Two());

        Assert.Equal(StepOp.Create, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(StepOp.Create, EngineHarness.Step(plan, "b").Op);
        Assert.Equal(["create:a", "create:b"], _h.Provider.Mutations);
        Assert.Equal("a-1", _h.Find("a")!.Id);
        Assert.Equal("a-out", (string?)_h.Find("a")!.Outputs["out"]);
        Assert.Equal("b-1", _h.Find("b")!.Id);
        Assert.Empty(_h.State.PendingOperations);
    }

    [Fact]
    public async Task Unchanged_program_is_all_same_and_calls_neither_diff_nor_any_mutation()
    {
        await _h.UpAsync(Two());
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(Two());

        Assert.All(plan.Steps, s => Assert.Equal(StepOp.Same, s.Op));
        Assert.False(plan.HasChanges);
        Assert.Empty(_h.Provider.Mutations);
        Assert.DoesNotContain(_h.Provider.Calls, c => c.StartsWith("diff:", StringComparison.Ordinal));
        Assert.Equal("a-1", _h.Find("a")!.Id);
        Assert.Equal("b-1", _h.Find("b")!.Id);
    }

    [Fact]
    public async Task Changed_input_the_provider_can_update_is_an_update_in_place()
    {
        await _h.UpAsync(Two());
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(Two(bValue: "2"));

        var step = EngineHarness.Step(plan, "b");
        Assert.Equal(StepOp.Update, step.Op);
        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(["update:b"], _h.Provider.Mutations);
        var update = Assert.Single(_h.Provider.UpdateRequests);
        Assert.Equal("b-1", update.Id);
        Assert.Equal(["value"], update.ChangedKeys);
        Assert.Equal("1", (string?)update.OldInputs["value"]);
        Assert.Equal("2", (string?)update.NewInputs["value"]);
        Assert.Equal("b-1", _h.Find("b")!.Id);
        Assert.Equal("2", (string?)_h.Find("b")!.Inputs["value"]);
    }

    [Fact]
    public async Task Replace_is_create_before_delete_by_default_with_the_old_copy_deleted_last()
    {
        _h.Provider.ReplaceKeys.Add("value");
        await _h.UpAsync(root =>
        {
            new Thing("a", new ThingArgs { Value = "1" }, root);
            new Thing("other", new ThingArgs { Extra = "1" }, root);
        });
        _h.Provider.ClearCalls();
        _h.Checkpoints.Clear();

        var plan = await _h.UpAsync(root =>
        {
            new Thing("a", new ThingArgs { Value = "2" }, root);
            new Thing("other", new ThingArgs { Extra = "2" }, root);
        });

        var step = EngineHarness.Step(plan, "a");
        Assert.Equal(StepOp.Replace, step.Op);
        Assert.False(step.DeleteBeforeReplace);
        Assert.Equal(["value"], step.ReplaceKeysOrEmpty);
        var calls = _h.Provider.Mutations;
        Assert.Equal(3, calls.Count);
        Assert.Equal("delete:a", calls[^1]); // after the new copy and after every other apply
        Assert.True(calls.ToList().IndexOf("create:a") < calls.ToList().IndexOf("delete:a"));
        Assert.Contains("update:other", calls);
        Assert.Equal("a-1", Assert.Single(_h.Provider.DeleteRequests).Id);
        // While the old copy waited for its delete, the state held both: the new one and the old one marked delete.
        Assert.Contains(_h.Checkpoints, s =>
            s.Resources.Any(r => r.Name == "a" && r.Id == "a-2" && !r.Delete) && s.Resources.Any(r => r.Name == "a" && r.Id == "a-1" && r.Delete));
        var a = Assert.Single(_h.State.Resources, r => r.Name == "a");
        Assert.Equal("a-2", a.Id);
        Assert.False(a.Delete);
    }

    [Fact]
    public async Task Replace_deletes_first_when_the_providers_diff_asks()
    {
        _h.Provider.ReplaceKeys.Add("value");
        await _h.UpAsync(Two());
        _h.Provider.ClearCalls();
        _h.Provider.DeleteBeforeReplace = true;

        var plan = await _h.UpAsync(Two(aValue: "2"));

        Assert.True(EngineHarness.Step(plan, "a").DeleteBeforeReplace);
        // b refers to a: with a deleted first, b must be replaced too, deleted before a and created after it.
        Assert.Equal(StepOp.Replace, EngineHarness.Step(plan, "b").Op);
        Assert.Equal(["delete:b", "delete:a", "create:a", "create:b"], _h.Provider.Mutations);
        Assert.Equal("a-2", _h.Find("a")!.Id);
        Assert.Equal("b-2", _h.Find("b")!.Id);
        Assert.DoesNotContain(_h.State.Resources, r => r.Delete);
    }

    [Fact]
    public async Task Replace_deletes_first_when_the_DeleteBeforeReplace_option_asks()
    {
        _h.Provider.ReplaceKeys.Add("value");
        var options = new ResourceOptions { DeleteBeforeReplace = true };
        await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "1" }, root, options));
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "2" }, root, options));

        Assert.True(EngineHarness.Step(plan, "a").DeleteBeforeReplace);
        Assert.Equal(["delete:a", "create:a"], _h.Provider.Mutations);
        Assert.Equal("a-1", Assert.Single(_h.Provider.DeleteRequests).Id);
        Assert.Equal("a-2", _h.Find("a")!.Id);
    }

    [Fact]
    public async Task DeleteBeforeReplace_option_false_overrides_a_provider_that_asks_for_delete_first()
    {
        _h.Provider.ReplaceKeys.Add("value");
        _h.Provider.DeleteBeforeReplace = true;
        var options = new ResourceOptions { DeleteBeforeReplace = false };
        await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "1" }, root, options));
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "2" }, root, options));

        Assert.False(EngineHarness.Step(plan, "a").DeleteBeforeReplace);
        Assert.Equal(["create:a", "delete:a"], _h.Provider.Mutations);
        Assert.Equal("a-2", _h.Find("a")!.Id);
    }

    [Fact]
    public async Task Resources_no_longer_in_the_program_are_deleted_last_in_reverse_dependency_order()
    {
        await _h.UpAsync(root =>
        {
            var x = new Thing("x", new ThingArgs { Value = "1" }, root);
            var y = new Thing("y", new ThingArgs { Link = x.Out }, root);
            new Thing("z", new ThingArgs { Value = "1" }, root, new ResourceOptions { DependsOn = [y] });
            new Thing("keep", new ThingArgs { Value = "1" }, root);
        }, parallel: 4);
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(root =>
        {
            new Thing("keep", new ThingArgs { Value = "2" }, root);
            new Thing("fresh", new ThingArgs { Value = "1" }, root);
        }, parallel: 4);

        Assert.Equal(["z", "y", "x"], plan.Steps.Where(s => s.Op == StepOp.Delete).Select(s => s.Name));
        var calls = _h.Provider.Mutations;
        Assert.Equal(5, calls.Count);
        Assert.Equal(["create:fresh", "update:keep"], calls.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(["delete:z", "delete:y", "delete:x"], calls.Skip(2));
        Assert.Equal(["x-1", "y-1", "z-1"], _h.Provider.DeleteRequests.Select(d => d.Id).Order());
        Assert.DoesNotContain(_h.State.Resources, r => r.Name is "x" or "y" or "z");
        Assert.NotNull(_h.Find("fresh"));
    }
}
