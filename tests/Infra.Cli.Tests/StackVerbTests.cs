using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>stack init|select|rm|rename|ls --json|output --shell</c> and Pulumi's stack names.</summary>
public sealed class StackVerbTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();
    private readonly TestProgram _program;

    public StackVerbTests() => _program = new TestProgram(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
        root.Export("url", "http://127.0.0.1:5678/it's");
        root.Export("count", 3);
    }, _provider.Object);

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(_program, args);

    private static void AssertExit(int expected, CliResult result) => Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");

    [Fact]
    public async Task Init_creates_and_selects_a_stack_that_later_commands_use_without_s()
    {
        var init = await Run("stack", "init", "staging");
        AssertExit(0, init);
        Assert.Contains("Created stack 'staging'", init.Out);
        Assert.True(File.Exists(_cli.StackFile("staging")));
        Assert.True(File.Exists(_cli.StatePath("staging")));

        AssertExit(0, await Run("up", "--yes"));
        Assert.Equal(["create:a", "create:b"], _provider.Mutations);
        Assert.Contains("urn:infra:staging::proj::", await File.ReadAllTextAsync(_cli.StatePath("staging")));

        AssertExit(1, await Run("stack", "init", "staging"));
    }

    [Fact]
    public async Task Select_is_remembered_and_s_and_the_variables_win_over_it()
    {
        File.WriteAllText(_cli.StackFile("prod"), "");
        AssertExit(0, await Run("stack", "select", "prod"));
        AssertExit(0, await Run("up", "--yes"));
        Assert.True(File.Exists(_cli.StatePath("prod")));

        AssertExit(0, await Run("up", "--yes", "-s", "dev"));
        Assert.True(File.Exists(_cli.StatePath("dev")));

        File.Delete(_cli.StatePath("dev"));
        _cli.Env["PULUMI_STACK"] = "dev";
        AssertExit(0, await Run("up", "--yes"));
        Assert.True(File.Exists(_cli.StatePath("dev")));
    }

    [Fact]
    public async Task Select_of_a_missing_stack_is_6_and_create_makes_it()
    {
        var missing = await Run("stack", "select", "nope");
        AssertExit(6, missing);
        Assert.False(File.Exists(_cli.StackFile("nope")));

        AssertExit(0, await Run("stack", "select", "--create", "nope"));
        Assert.True(File.Exists(_cli.StatePath("nope")));
    }

    [Theory]
    [InlineData("organization/proj/dev")]
    [InlineData("proj/dev")]
    public async Task Qualified_names_of_this_project_name_the_stack(string name)
    {
        AssertExit(0, await Run("up", "--yes", "-s", name));
        Assert.True(File.Exists(_cli.StatePath("dev")));
    }

    [Theory]
    [InlineData("a/b/c/d")]
    [InlineData("organization/other/dev")]
    [InlineData("acme/proj/dev")]
    [InlineData("other/dev")]
    [InlineData("bad name")]
    public async Task A_stack_name_that_is_not_this_projects_is_2_and_changes_nothing(string name)
    {
        var result = await Run("up", "--yes", "-s", name);
        AssertExit(2, result);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(_provider.Mutations);
        Assert.False(Directory.Exists(Path.Combine(_cli.BackendDir, "stacks")));

        AssertExit(2, await Run("stack", "init", name));
        Assert.False(Directory.Exists(Path.Combine(_cli.BackendDir, "stacks")));
    }

    [Fact]
    public async Task Rm_refuses_a_stack_with_resources_unless_forced_and_preserve_config_keeps_the_file()
    {
        AssertExit(0, await Run("up", "--yes", "-s", "dev"));
        var refused = await Run("stack", "rm", "dev", "--yes");
        AssertExit(1, refused);
        Assert.Contains("still has 3 resources", refused.Error);
        Assert.True(File.Exists(_cli.StatePath("dev")));

        AssertExit(2, await Run("stack", "rm", "dev", "--force"));
        Assert.True(File.Exists(_cli.StatePath("dev")));

        var removed = await Run("stack", "rm", "dev", "--force", "--yes", "--preserve-config");
        AssertExit(0, removed);
        Assert.False(File.Exists(_cli.StatePath("dev")));
        Assert.True(File.Exists(_cli.StackFile("dev")));

        AssertExit(0, await Run("stack", "init", "gone"));
        AssertExit(0, await Run("stack", "rm", "--yes"));
        Assert.False(File.Exists(_cli.StackFile("gone")));
        Assert.False(File.Exists(_cli.StatePath("gone")));
    }

    [Fact]
    public async Task Rename_moves_state_and_file_and_the_next_up_changes_nothing()
    {
        await File.WriteAllTextAsync(_cli.StackFile("dev"), "config:\n  proj:region: eu\n");
        AssertExit(0, await Run("up", "--yes", "-s", "dev"));
        _provider.ClearCalls();

        var rename = await Run("stack", "rename", "prod", "-s", "dev");
        AssertExit(0, rename);
        Assert.False(File.Exists(_cli.StatePath("dev")));
        Assert.False(File.Exists(_cli.StackFile("dev")));
        Assert.Contains("proj:region: eu", await File.ReadAllTextAsync(_cli.StackFile("prod")));
        var state = JsonNode.Parse(await File.ReadAllTextAsync(_cli.StatePath("prod")))!;
        Assert.Equal("organization/proj/prod", (string)state["checkpoint"]!["stack"]!);
        var thingA = state["checkpoint"]!["latest"]!["resources"]!.AsArray().Single(r => ((string)r!["urn"]!).EndsWith("::a", StringComparison.Ordinal))!;
        Assert.Equal("urn:infra:prod::proj::test:Thing::a", (string)thingA["urn"]!);
        Assert.Contains("urn:infra:dev::proj::test:Thing::a", thingA["aliases"]!.AsArray().Select(a => (string)a!));

        var up = await Run("up", "--yes", "--expect-no-changes");
        AssertExit(0, up);
        Assert.Empty(_provider.Mutations);
        var after = await File.ReadAllTextAsync(_cli.StatePath("prod"));
        Assert.Contains("urn:infra:dev::proj::test:Thing::a", after);
    }

    [Fact]
    public async Task Rename_to_an_existing_stack_or_another_project_is_refused_and_changes_nothing()
    {
        AssertExit(0, await Run("up", "--yes", "-s", "dev"));
        File.WriteAllText(_cli.StackFile("other"), "");
        AssertExit(1, await Run("stack", "rename", "other", "-s", "dev"));
        AssertExit(2, await Run("stack", "rename", "organization/elsewhere/x", "-s", "dev"));
        Assert.True(File.Exists(_cli.StatePath("dev")));
        Assert.True(File.Exists(_cli.StackFile("dev")));
    }

    [Fact]
    public async Task Ls_json_has_the_current_stack_its_last_update_and_resource_count()
    {
        AssertExit(0, await Run("up", "--yes", "-s", "dev"));
        File.WriteAllText(_cli.StackFile("empty"), "");
        AssertExit(0, await Run("stack", "select", "dev"));

        var ls = await Run("stack", "ls", "--json");
        AssertExit(0, ls);
        var rows = JsonNode.Parse(ls.Out)!.AsArray();
        var dev = rows.Single(r => (string)r!["name"]! == "dev")!;
        Assert.True((bool)dev["current"]!);
        Assert.Equal(3, (int)dev["resourceCount"]!);
        Assert.True(DateTimeOffset.Parse((string)dev["lastUpdate"]!) > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.False((bool)dev["updateInProgress"]!);
        var empty = rows.Single(r => (string)r!["name"]! == "empty")!;
        Assert.False((bool)empty["current"]!);
        Assert.Null(empty["resourceCount"]);

        var text = await Run("stack", "ls");
        Assert.Contains("dev*", text.Out);
        Assert.Contains("RESOURCE COUNT", text.Out);
    }

    [Fact]
    public async Task Output_shell_prints_quoted_export_lines()
    {
        AssertExit(0, await Run("up", "--yes", "-s", "dev"));
        var shell = await Run("stack", "output", "--shell", "-s", "dev");
        AssertExit(0, shell);
        Assert.Contains("export url='http://127.0.0.1:5678/it'\\''s'", shell.Out);
        Assert.Contains("export count='3'", shell.Out);

        AssertExit(2, await Run("stack", "output", "--shell", "--json", "-s", "dev"));
    }
}
