using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.Tests.Support;
using Moq;

namespace Infra.Engine.Tests;

/// <summary>Resource options (protect, retainOnDelete, ignoreChanges, replaceOnChanges, aliases), references, and program errors.</summary>
public sealed class OptionsTests
{
    private readonly EngineHarness _h = new();

    private sealed class Group(string name, ComponentResource parent, ResourceOptions options)
        : ComponentResource("test:Group", name, parent, options);

    [Fact]
    public async Task Protect_blocks_delete_with_a_plan_error_naming_the_resource()
    {
        await _h.UpAsync(root =>
        {
            new Thing("vault", new ThingArgs { Value = "1" }, root, new ResourceOptions { Protect = true });
            new Thing("other", new ThingArgs { Value = "1" }, root);
        });
        _h.Provider.ClearCalls();

        var error = await Assert.ThrowsAsync<PlanException>(() => _h.PlanAsync(root => new Thing("other", new ThingArgs { Value = "1" }, root)));

        Assert.Contains("test:Thing 'vault'", error.Message);
        Assert.Contains("cannot be deleted because it is protected", error.Message);
        Assert.Empty(_h.Provider.Mutations);
    }

    [Fact]
    public async Task Protect_blocks_replace_with_a_plan_error_naming_the_resource()
    {
        _h.Provider.ReplaceKeys.Add("value");
        var options = new ResourceOptions { Protect = true };
        await _h.UpAsync(root => new Thing("vault", new ThingArgs { Value = "1" }, root, options));

        var error = await Assert.ThrowsAsync<PlanException>(() => _h.PlanAsync(root => new Thing("vault", new ThingArgs { Value = "2" }, root, options)));

        Assert.Contains("test:Thing 'vault'", error.Message);
        Assert.Contains("cannot be replaced because it is protected", error.Message);
        // An in-place update of a protected resource is allowed.
        _h.Provider.ReplaceKeys.Clear();
        var plan = await _h.PlanAsync(root => new Thing("vault", new ThingArgs { Value = "2" }, root, options));
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "vault").Op);
    }

    [Fact]
    public void Protect_and_RetainOnDelete_are_inherited_from_the_parent()
    {
        var desired = EngineHarness.Register(root =>
        {
            var group = new Group("g", root, new ResourceOptions { Protect = true, RetainOnDelete = true });
            new Thing("child", new ThingArgs { Value = "1" }, group);
            new Thing("unprotected", new ThingArgs { Value = "1" }, group, new ResourceOptions { Protect = false });
        });

        var child = desired.Resources.Single(r => r.Name == "child");
        Assert.True(child.Protect);
        Assert.True(child.RetainOnDelete);
        Assert.Equal("urn:infra:dev::proj::test:Group$test:Thing::child", child.Urn);
        Assert.False(desired.Resources.Single(r => r.Name == "unprotected").Protect);
    }

    [Fact]
    public async Task RetainOnDelete_drops_the_resource_from_state_without_calling_the_providers_delete()
    {
        await _h.UpAsync(root =>
        {
            new Thing("data", new ThingArgs { Value = "1" }, root, new ResourceOptions { RetainOnDelete = true });
            new Thing("scratch", new ThingArgs { Value = "1" }, root);
        });

        var plan = await _h.UpAsync(_ => { });

        Assert.Equal(StepOp.Delete, EngineHarness.Step(plan, "data").Op);
        Assert.Null(_h.Find("data"));
        Assert.Null(_h.Find("scratch"));
        _h.Provider.Mock.Verify(p => p.DeleteAsync(It.Is<DeleteRequest>(d => d.Urn.EndsWith("::data")), It.IsAny<CancellationToken>()), Times.Never);
        _h.Provider.Mock.Verify(p => p.DeleteAsync(It.Is<DeleteRequest>(d => d.Urn.EndsWith("::scratch")), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RetainOnDelete_also_keeps_the_old_copy_of_a_replacement()
    {
        _h.Provider.ReplaceKeys.Add("value");
        var options = new ResourceOptions { RetainOnDelete = true };
        await _h.UpAsync(root => new Thing("data", new ThingArgs { Value = "1" }, root, options));
        _h.Provider.ClearCalls();

        await _h.UpAsync(root => new Thing("data", new ThingArgs { Value = "2" }, root, options));

        Assert.Equal(["create:data"], _h.Provider.Mutations);
        Assert.Equal("data-2", Assert.Single(_h.State.Resources, r => r.Name == "data").Id);
    }

    [Fact]
    public async Task IgnoreChanges_makes_a_changed_ignored_input_same_while_create_uses_the_program_value()
    {
        var options = new ResourceOptions { IgnoreChanges = ["value"] };
        await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "from-program", Extra = "x" }, root, options));
        Assert.Equal("from-program", (string?)Assert.Single(_h.Provider.CreateRequests).Inputs["value"]);
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "changed", Extra = "x" }, root, options));

        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
        Assert.Empty(_h.Provider.Mutations);
        Assert.Equal("from-program", (string?)_h.Find("a")!.Inputs["value"]);

        // Another input still updates, with the ignored one kept at its old value.
        await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "changed", Extra = "y" }, root, options));
        var update = Assert.Single(_h.Provider.UpdateRequests);
        Assert.Equal(["extra"], update.ChangedKeys);
        Assert.Equal("from-program", (string?)update.NewInputs["value"]);
    }

    [Fact]
    public async Task ReplaceOnChanges_turns_an_update_the_provider_allows_into_a_replace()
    {
        var options = new ResourceOptions { ReplaceOnChanges = ["value"] };
        await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "1", Extra = "1" }, root, options));
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "2", Extra = "1" }, root, options));

        var step = EngineHarness.Step(plan, "a");
        Assert.Equal(StepOp.Replace, step.Op);
        Assert.Equal(["value"], step.ReplaceKeysOrEmpty);
        Assert.Equal(["create:a", "delete:a"], _h.Provider.Mutations);

        // A change elsewhere stays an update.
        _h.Provider.ClearCalls();
        plan = await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "2", Extra = "2" }, root, options));
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "a").Op);
    }

    [Fact]
    public async Task A_rename_with_an_alias_is_same_and_the_state_takes_the_new_urn()
    {
        await _h.UpAsync(root => new Thing("old-name", new ThingArgs { Value = "1" }, root));
        _h.Provider.ClearCalls();

        var plan = await _h.UpAsync(root =>
            new Thing("new-name", new ThingArgs { Value = "1" }, root, new ResourceOptions { Aliases = ["old-name"] }));

        var step = EngineHarness.Step(plan, "new-name");
        Assert.Equal(StepOp.Same, step.Op);
        Assert.DoesNotContain(plan.Steps, s => s.Op is StepOp.Delete or StepOp.Create or StepOp.Replace);
        Assert.Empty(_h.Provider.Mutations);
        Assert.Null(_h.State.Find(EngineHarness.Urn("old-name")));
        var renamed = _h.State.Find(EngineHarness.Urn("new-name"));
        Assert.NotNull(renamed);
        Assert.Equal("old-name-1", renamed.Id);
    }

    [Fact]
    public async Task A_rename_without_an_alias_is_a_create_and_a_delete()
    {
        await _h.UpAsync(root => new Thing("old-name", new ThingArgs { Value = "1" }, root));
        _h.Provider.ClearCalls();

        await _h.UpAsync(root => new Thing("new-name", new ThingArgs { Value = "1" }, root));

        Assert.Equal(["create:new-name", "delete:old-name"], _h.Provider.Mutations);
    }

    [Fact]
    public async Task A_reference_to_another_resources_output_gives_its_value_and_a_dependency_edge()
    {
        Action<StackRoot> program = root =>
        {
            var network = new Thing("network", new ThingArgs { Value = "net" }, root);
            new Thing("container", new ThingArgs { Link = network.Out, Value = Input.Format("on {0}", network.Out) }, root);
        };
        var desired = EngineHarness.Register(program);
        Assert.Equal([EngineHarness.Urn("network")], desired.Resources.Single(r => r.Name == "container").Dependencies);

        await _h.UpAsync(program, parallel: 4);

        var create = _h.Provider.CreateRequests.Single(r => r.Urn == EngineHarness.Urn("container"));
        Assert.Equal("network-out", (string?)create.Inputs["link"]);
        Assert.Equal("on network-out", (string?)create.Inputs["value"]);
        Assert.Equal([EngineHarness.Urn("network")], _h.Find("container")!.Dependencies);

        // Next run: the reference resolves from state, so nothing changes.
        var plan = await _h.PlanAsync(program);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void A_dependency_cycle_is_an_error_naming_the_resources()
    {
        var error = Assert.Throws<EngineException>(() => EngineHarness.Register(root =>
        {
            var firstDeps = new List<Resource>();
            var first = new Thing("first", new ThingArgs(), root, new ResourceOptions { DependsOn = firstDeps });
            var second = new Thing("second", new ThingArgs { Link = first.Out }, root);
            firstDeps.Add(second);
        }));

        Assert.Contains("cycle", error.Message);
        Assert.Contains("'first'", error.Message);
        Assert.Contains("'second'", error.Message);
    }

    [Fact]
    public void Two_resources_with_the_same_urn_are_an_error()
    {
        var error = Assert.Throws<EngineException>(() => EngineHarness.Register(root =>
        {
            new Thing("twin", new ThingArgs { Value = "1" }, root);
            new Thing("twin", new ThingArgs { Value = "2" }, root);
        }));

        Assert.Contains("duplicate resource URN", error.Message);
        Assert.Contains(EngineHarness.Urn("twin"), error.Message);
    }

    [Fact]
    public async Task A_secret_input_reaches_the_provider_wrapped_and_stays_secret_in_outputs()
    {
        await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = Input<string>.Secret("s3cr3t-value") }, root));

        var create = Assert.Single(_h.Provider.CreateRequests);
        Assert.True(Secret.IsSecret(create.Inputs["value"]));
        Assert.True(Secret.IsSecret(_h.Find("a")!.Outputs["value"]));
    }
}
