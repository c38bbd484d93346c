using Infra.Cli.Rendering;
using Infra.Cli.Tests.Support;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>The plan as Pulumi draws it on a terminal: Type / Name / Plan / Info, each resource under its brick.</summary>
public sealed class PlanTreeTests
{
    private static void Program(StackRoot root, string value = "1")
    {
        var data = new ComponentResource("test:bricks:Data", "data", root);
        new Thing("postgres", new ThingArgs { Value = value }, data);
        new Thing("redis", new ThingArgs { Value = "1" }, data);
        var edge = new ComponentResource("test:bricks:Edge", "edge", root);
        new Thing("caddy", new ThingArgs { Value = "1" }, edge);
    }

    [Fact]
    public async Task A_new_stack_draws_every_resource_under_its_brick_with_branches()
    {
        var plan = await new EngineHarness().PlanAsync(root => Program(root));

        var lines = PlanTree.Lines(plan, Palette.None);

        Assert.Matches(@"^    Type\s+Name\s+Plan\s+Info$", lines[0]);
        Assert.Matches(@"^ \+  infra:infra:Stack\s+proj-dev\s+create\s+new component$", lines[1]);
        Assert.Matches(@"^ \+  ├─ test:bricks:Data\s+data\s+create", lines[2]);
        Assert.Matches(@"^ \+  │  ├─ test:Thing\s+postgres\s+create\s+new resource$", lines[3]);
        Assert.Matches(@"^ \+  │  └─ test:Thing\s+redis\s+create", lines[4]);
        Assert.Matches(@"^ \+  └─ test:bricks:Edge\s+edge\s+create", lines[5]);
        Assert.Matches(@"^ \+     └─ test:Thing\s+caddy\s+create", lines[6]);
    }

    [Fact]
    public async Task A_change_shows_its_parents_and_leaves_unchanged_siblings_out_in_colour_when_asked()
    {
        var h = new EngineHarness();
        await h.UpAsync(root => Program(root));

        var plan = await h.PlanAsync(root => Program(root, value: "2"));
        var lines = PlanTree.Lines(plan, Palette.None);

        Assert.Equal(4, lines.Count);
        Assert.Matches(@"^    infra:infra:Stack\s+proj-dev$", lines[1]);
        Assert.Matches(@"^    └─ test:bricks:Data\s+data$", lines[2]);
        Assert.Matches(@"^ ~     └─ test:Thing\s+postgres\s+update\s+value changed$", lines[3]);
        Assert.StartsWith("\u001b[33m ~", PlanTree.Lines(plan, new Palette(true))[3]);
    }

    [Fact]
    public async Task Color_always_colours_the_summary_never_and_auto_off_a_terminal_do_not_and_a_bad_value_is_2()
    {
        using var cli = new CliHarness();
        var program = new TestProgram(root => Program(root), new ProviderMock().Object);

        var always = await cli.RunAsync(program, "preview", "-s", "dev", "--color", "always");
        var never = await cli.RunAsync(program, "preview", "-s", "dev", "--color=never");
        var auto = await cli.RunAsync(program, "preview", "-s", "dev");
        var bad = await cli.RunAsync(program, "preview", "-s", "dev", "--color", "sometimes");

        Assert.Matches(@"\u001b\[32m\+ \d+ to create\u001b\[0m", always.Out);
        Assert.DoesNotContain("\u001b[", never.Out);
        Assert.DoesNotContain("\u001b[", auto.Out);
        Assert.Equal(2, bad.ExitCode);
    }
}
