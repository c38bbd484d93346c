using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>
/// Targeted runs as Pulumi has them: <c>--target</c>, <c>--target-dependents</c>, <c>--exclude</c>,
/// <c>--exclude-dependents</c>, <c>--replace</c> and <c>--target-replace</c> on up, preview, refresh and destroy.
/// </summary>
public sealed class TargetTests
{
    private readonly EngineHarness _h = new();

    private static readonly string A = EngineHarness.Urn("a");
    private static readonly string B = EngineHarness.Urn("b");
    private static readonly string C = EngineHarness.Urn("c");

    /// <summary>b depends on a; c stands alone.</summary>
    private static Action<StackRoot> Program(string a = "1", string b = "1", string c = "1") => root =>
    {
        var ta = new Thing("a", new ThingArgs { Value = a }, root);
        new Thing("b", new ThingArgs { Value = b, Link = ta.Out }, root);
        new Thing("c", new ThingArgs { Value = c }, root);
    };

    private sealed class Group(string name, ComponentResource parent) : ComponentResource("test:Group", name, parent);

    private static readonly string G = EngineHarness.Urn("g", "test:Group");
    private static readonly string Kid = Urn.Create(EngineHarness.Stack, EngineHarness.Project, Thing.TypeToken, "kid", "test:Group").ToString();

    private static Action<StackRoot> Grouped(string kid = "1") => root =>
    {
        var g = new Group("g", root);
        new Thing("kid", new ThingArgs { Value = kid }, g);
    };

    private static TargetOptions Replace(params string[] urns) => TargetOptions.None with { Replace = UrnPattern.All(urns) };

    private static TargetOptions TargetReplace(string urn) => TargetOptions.Target(urn) with { Replace = UrnPattern.All([urn]) };

    private async Task DeployAsync(Action<StackRoot> program)
    {
        await _h.UpAsync(program);
        _h.Provider.ClearCalls();
    }

    [Fact]
    public async Task An_untargeted_resource_the_program_changed_keeps_its_state_entry_as_it_is()
    {
        await DeployAsync(Program());
        var a = _h.Find("a")!;

        var plan = await _h.UpAsync(Program(a: "2", c: "2"), targets: TargetOptions.Target(C));

        Assert.Equal(["update:c"], _h.Provider.Mutations);
        var step = EngineHarness.Step(plan, "a");
        Assert.Equal(StepOp.Same, step.Op);
        Assert.True(step.Untargeted);
        Assert.Equal(PlanStep.NotTargeted, step.Reason);
        Assert.Same(a, _h.Find("a"));
        Assert.Equal("1", (string?)_h.Find("a")!.Inputs["value"]);
        Assert.Equal("2", (string?)_h.Find("c")!.Inputs["value"]);
    }

    [Fact]
    public async Task Preview_shows_untargeted_changes_as_same_steps_and_runs_nothing()
    {
        await DeployAsync(Program());

        var plan = await _h.PlanAsync(Program(a: "2", b: "2", c: "2"), TargetOptions.Target(B));

        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(StepOp.Update, EngineHarness.Step(plan, "b").Op);
        Assert.Equal(StepOp.Same, EngineHarness.Step(plan, "c").Op);
        Assert.Empty(_h.Provider.Mutations);
    }

    [Fact]
    public async Task A_resource_removed_from_the_program_but_not_targeted_is_not_deleted()
    {
        await DeployAsync(Program());

        var plan = await _h.UpAsync(root => new Thing("a", new ThingArgs { Value = "2" }, root), targets: TargetOptions.Target(A));

        Assert.Equal(["update:a"], _h.Provider.Mutations);
        Assert.True(EngineHarness.Step(plan, "c").Untargeted);
        Assert.NotNull(_h.Find("b"));
        Assert.NotNull(_h.Find("c"));
    }

    [Fact]
    public async Task A_target_that_needs_an_untargeted_resource_not_yet_created_is_refused_naming_it_and_nothing_is_touched()
    {
        await DeployAsync(Program());
        var before = _h.State;
        var history = _h.History.Count;
        var n = EngineHarness.Urn("n");

        var e = await Assert.ThrowsAsync<PlanException>(() => _h.RunUpAsync(root =>
        {
            Program(c: "2")(root);
            var created = new Thing("n", new ThingArgs { Value = "1" }, root);
            new Thing("m", new ThingArgs { Link = created.Out }, root);
        }, targets: TargetOptions.Target(EngineHarness.Urn("m"), C)));

        Assert.Contains($"depends on {n}, which is not targeted", e.Message);
        Assert.Contains($"--target {n}", e.Message);
        Assert.Empty(_h.Provider.Mutations);
        Assert.Same(before, _h.State);
        Assert.Equal("failed", _h.History.Skip(history).Single().Result);
    }

    [Fact]
    public async Task A_target_that_needs_an_untargeted_resource_already_created_uses_its_recorded_outputs()
    {
        await DeployAsync(root => new Thing("a", new ThingArgs { Value = "1" }, root));

        await _h.UpAsync(Program(a: "2"), targets: TargetOptions.Target(B));

        Assert.Equal(["create:b"], _h.Provider.Mutations);
        Assert.Equal("a-out", (string?)Assert.Single(_h.Provider.CreateRequests).Inputs["link"]);
        Assert.Equal("1", (string?)_h.Find("a")!.Inputs["value"]);
        Assert.Null(_h.Find("c"));
    }

    [Fact]
    public async Task Target_dependents_also_operates_on_whatever_depends_on_a_target()
    {
        await DeployAsync(Program());

        await _h.UpAsync(Program(a: "2", b: "2", c: "2"), targets: TargetOptions.Target(A) with { TargetDependents = true });

        Assert.Equal(["update:a", "update:b"], _h.Provider.Mutations);
        Assert.Equal("1", (string?)_h.Find("c")!.Inputs["value"]);
    }

    [Fact]
    public async Task Targeting_a_component_targets_it_alone_and_target_dependents_adds_its_children()
    {
        await DeployAsync(Grouped());

        var alone = await _h.UpAsync(Grouped(kid: "2"), targets: TargetOptions.Target(G));

        Assert.Empty(_h.Provider.Mutations);
        Assert.True(alone.Steps.Single(s => s.Urn == Kid).Untargeted);

        await _h.UpAsync(Grouped(kid: "2"), targets: TargetOptions.Target(G) with { TargetDependents = true });

        Assert.Equal(["update:kid"], _h.Provider.Mutations);
    }

    [Fact]
    public async Task A_target_may_be_a_pattern_with_Pulumis_wildcards()
    {
        await DeployAsync(Program());

        await _h.UpAsync(Program(a: "2", c: "2"), targets: TargetOptions.Target("**::c"));

        Assert.Equal(["update:c"], _h.Provider.Mutations);
    }

    [Fact]
    public async Task Exclude_operates_on_everything_else_and_exclude_dependents_leaves_their_dependents_too()
    {
        await DeployAsync(Program());

        await _h.UpAsync(Program(a: "2", b: "2", c: "2"), targets: TargetOptions.Exclude(A));

        Assert.Equal(["update:b", "update:c"], _h.Provider.Mutations.Order().ToList());
        Assert.Equal("1", (string?)_h.Find("a")!.Inputs["value"]);
        _h.Provider.ClearCalls();

        await _h.UpAsync(Program(a: "3", b: "3", c: "3"), targets: TargetOptions.Exclude(A) with { ExcludeDependents = true });

        Assert.Equal(["update:c"], _h.Provider.Mutations);
    }

    [Fact]
    public async Task Replace_replaces_an_unchanged_resource_and_the_rest_of_the_stack_is_updated_as_usual()
    {
        await DeployAsync(Program());

        var plan = await _h.UpAsync(Program(a: "2"), targets: Replace(C));

        var step = EngineHarness.Step(plan, "c");
        Assert.Equal(StepOp.Replace, step.Op);
        Assert.Equal("replacement requested (--replace)", step.Reason);
        Assert.False(step.DeleteBeforeReplace);
        Assert.Equal(["create:c", "delete:c", "update:a"], _h.Provider.Mutations.Order().ToList());
        Assert.Equal("delete:c", _h.Provider.Mutations[^1]);
        Assert.Equal("c-2", _h.Find("c")!.Id);
    }

    [Fact]
    public async Task Replace_deletes_first_when_the_providers_diff_says_so()
    {
        await DeployAsync(Program());
        _h.Provider.DeleteBeforeReplace = true;

        var plan = await _h.UpAsync(Program(), targets: Replace(C));

        Assert.True(EngineHarness.Step(plan, "c").DeleteBeforeReplace);
        Assert.Equal(["delete:c", "create:c"], _h.Provider.Mutations);
    }

    [Fact]
    public async Task Replace_of_a_protected_resource_is_refused()
    {
        await DeployAsync(root => new Thing("a", new ThingArgs { Value = "1" }, root, new ResourceOptions { Protect = true }));

        var e = await Assert.ThrowsAsync<PlanException>(() =>
            _h.PlanAsync(root => new Thing("a", new ThingArgs { Value = "1" }, root, new ResourceOptions { Protect = true }), Replace(A)));

        Assert.Contains("protected", e.Message);
    }

    [Fact]
    public async Task Target_replace_replaces_that_resource_alone()
    {
        await DeployAsync(Program());

        var plan = await _h.UpAsync(Program(c: "2"), targets: TargetReplace(A));

        Assert.Equal(StepOp.Replace, EngineHarness.Step(plan, "a").Op);
        Assert.Equal(["create:a", "delete:a"], _h.Provider.Mutations);
        Assert.Equal("1", (string?)_h.Find("c")!.Inputs["value"]);
    }

    [Fact]
    public async Task Target_replace_deleting_first_refuses_an_untargeted_dependent_it_would_have_to_replace_too()
    {
        await DeployAsync(Program());
        _h.Provider.DeleteBeforeReplace = true;
        var before = _h.State;

        var e = await Assert.ThrowsAsync<PlanException>(() => _h.RunUpAsync(Program(), targets: TargetReplace(A)));

        Assert.Contains($"add --target {B} or pass --target-dependents", e.Message);
        Assert.Same(before, _h.State);

        await _h.UpAsync(Program(), targets: TargetReplace(A) with { TargetDependents = true });

        Assert.Equal(["delete:b", "delete:a", "create:a", "create:b"], _h.Provider.Mutations);
    }

    [Fact]
    public async Task Replace_of_a_resource_left_out_by_the_targets_is_a_warning_and_replaces_nothing()
    {
        await DeployAsync(Program());

        var plan = await _h.UpAsync(Program(), targets: TargetOptions.Target(C) with { Replace = UrnPattern.All([A]) });

        Assert.Empty(_h.Provider.Mutations);
        Assert.Contains(plan.Warnings, w => w.Contains(A) && w.Contains("not targeted"));
    }

    [Fact]
    public async Task Destroy_with_a_target_others_depend_on_is_refused_unless_target_dependents()
    {
        await DeployAsync(Program());
        var before = _h.State;

        var e = await Assert.ThrowsAsync<PlanException>(() => _h.DestroyAsync(targets: TargetOptions.Target(A)));

        Assert.Contains($"add --target {B} or pass --target-dependents", e.Message);
        Assert.Empty(_h.Provider.Mutations);
        Assert.Same(before, _h.State);

        var result = await _h.DestroyAsync(targets: TargetOptions.Target(A) with { TargetDependents = true });

        Assert.Equal(Operations.OperationOutcome.Succeeded, result.Outcome);
        Assert.Equal(["delete:b", "delete:a"], _h.Provider.Mutations);
        Assert.Null(_h.Find("a"));
        Assert.Null(_h.Find("b"));
        Assert.NotNull(_h.Find("c"));
        Assert.Equal(StepOp.Same, EngineHarness.Step(result.Plan, "c").Op);
    }

    [Fact]
    public async Task Destroy_with_a_target_nothing_depends_on_deletes_it_alone()
    {
        await DeployAsync(Program());

        await _h.DestroyAsync(targets: TargetOptions.Target(B));

        Assert.Equal(["delete:b"], _h.Provider.Mutations);
        Assert.NotNull(_h.Find("a"));
    }

    [Fact]
    public async Task Destroy_with_a_component_target_refuses_its_untargeted_children()
    {
        await DeployAsync(Grouped());

        var e = await Assert.ThrowsAsync<PlanException>(() => _h.DestroyAsync(targets: TargetOptions.Target(G)));

        Assert.Contains($"--target {Kid}", e.Message);
    }

    [Fact]
    public async Task Destroy_with_an_exclude_keeps_it_and_what_it_depends_on()
    {
        await DeployAsync(Program());

        await _h.DestroyAsync(targets: TargetOptions.Exclude(B));

        Assert.Equal(["delete:c"], _h.Provider.Mutations);
        Assert.NotNull(_h.Find("a"));
        Assert.NotNull(_h.Find("b"));
    }

    [Fact]
    public async Task Refresh_with_a_target_reads_only_that_resource()
    {
        await DeployAsync(Program());
        _h.Provider.Read = r => new ReadResult(r.Id, new System.Text.Json.Nodes.JsonObject { ["value"] = "drifted" }, r.Outputs);

        await _h.RefreshAsync(TargetOptions.Target(C));

        Assert.Equal(["read:c"], _h.Provider.Calls);
        Assert.Equal("drifted", (string?)_h.Find("c")!.Inputs["value"]);
        Assert.Equal("1", (string?)_h.Find("a")!.Inputs["value"]);
    }

    [Theory]
    [InlineData("target")]
    [InlineData("exclude")]
    [InlineData("replace")]
    public async Task An_unknown_urn_is_refused_naming_it_before_anything_is_read_or_recorded(string flag)
    {
        await DeployAsync(Program());
        var before = _h.State;
        var nope = EngineHarness.Urn("nope");
        var targets = flag switch
        {
            "target" => TargetOptions.Target(nope),
            "exclude" => TargetOptions.Exclude(nope),
            _ => Replace(nope),
        };

        var e = await Assert.ThrowsAsync<UnknownTargetException>(() => _h.RunUpAsync(Program(c: "2"), targets: targets));

        Assert.Equal($"--{flag} {nope}: no resource with this URN in the program or the stack's state; nothing changed (`infra stack export` lists the URNs)", e.Message);
        Assert.Empty(_h.Provider.Calls);
        Assert.Same(before, _h.State);
        Assert.Single(_h.History);
        await Assert.ThrowsAsync<UnknownTargetException>(() => _h.DestroyAsync(targets: TargetOptions.Target(nope)));
        await Assert.ThrowsAsync<UnknownTargetException>(() => _h.RefreshAsync(TargetOptions.Target(nope)));
        Assert.Empty(_h.Provider.Calls);
    }

    [Fact]
    public async Task A_pattern_that_matches_nothing_is_no_error()
    {
        await DeployAsync(Program());

        await _h.UpAsync(Program(c: "2"), targets: TargetOptions.Target("**::nothing-like-this"));

        Assert.Empty(_h.Provider.Mutations);
    }

    [Fact]
    public async Task The_first_targeted_up_of_a_new_stack_creates_the_target_under_the_stack()
    {
        await _h.UpAsync(Program(), targets: TargetOptions.Target(A));

        Assert.Equal(["create:a"], _h.Provider.Mutations);
        Assert.NotNull(_h.Find("a"));
        Assert.Null(_h.Find("b"));
    }
}
