using System.Text.Json.Nodes;
using Infra.Ci.Tests.Fixtures;
using Infra.Cli.Rendering;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.State;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Ci.Tests.Preview;

/// <summary>The pull-request comment: marker, summary, destructive steps first, one collapsed section per brick.</summary>
public sealed class PlanMarkdownTests
{
    private const string Plaintext = "s3cr3t-plaintext-value";
    private static string Urn(string chain, string name) => $"urn:infra:vps::selfhosted::{chain}::{name}";
    private static readonly string Root = Urn("infra:infra:Stack", "selfhosted-vps");
    private static readonly string Data = Urn("infra:bricks:DataBackbone", "data");
    private static readonly string Monitoring = Urn("infra:bricks:Monitoring", "monitoring");

    private static DesiredResource Desired(string urn, string type, string? parent, bool custom = true) =>
        new(urn, type, Infra.Engine.Model.Urn.Parse(urn).Name, parent, custom, [], []);

    private static ResourceState Old(string urn, string type, string? parent, bool retain = false) =>
        new() { Urn = urn, Type = type, Parent = parent, RetainOnDelete = retain };

    private static PlanStep Step(StepOp op, string parentType, string type, string name, string? parent, string reason = "",
        IReadOnlyList<PropertyChange>? changes = null, bool custom = true, bool deleteFirst = false, bool retain = false)
    {
        var urn = Urn(parentType.Length == 0 ? type : $"{parentType}${type}", name);
        return new PlanStep(op, urn, type, reason, changes ?? [],
            op == StepOp.Create ? null : Old(urn, type, parent, retain),
            op == StepOp.Delete ? null : Desired(urn, type, parent, custom),
            DeleteBeforeReplace: deleteFirst);
    }

    /// <summary>Every kind of step, across two bricks and the stack itself.</summary>
    private static Plan EveryKind() => new("selfhosted", "vps",
    [
        Step(StepOp.Same, "", "infra:infra:Stack", "selfhosted-vps", null, custom: false),
        Step(StepOp.Create, "", ImageKind.TypeToken, "postgres-16", Root, "new resource",
            [new PropertyChange("name", ChangeKind.Add, null, JsonValue.Create("postgres:16"))]),
        Step(StepOp.Same, "", "infra:bricks:DataBackbone", "data", Root, custom: false),
        Step(StepOp.Same, "infra:bricks:DataBackbone", NetworkKind.TypeToken, "backbone_net", Data),
        Step(StepOp.Create, "infra:bricks:DataBackbone", ContainerKind.TypeToken, "qdrant", Data, "new resource",
            [new PropertyChange("env.QDRANT__SERVICE__API_KEY", ChangeKind.Add, null, Secret.Wrap(JsonValue.Create(Plaintext)))]),
        Step(StepOp.Replace, "infra:bricks:DataBackbone", ContainerKind.TypeToken, "postgres", Data, "image changed",
            [new PropertyChange("image", ChangeKind.Update, JsonValue.Create("postgres:15"), JsonValue.Create("postgres:16"))], deleteFirst: true),
        Step(StepOp.Same, "", "infra:bricks:Monitoring", "monitoring", Root, custom: false),
        Step(StepOp.Update, "infra:bricks:Monitoring", ContainerKind.TypeToken, "grafana", Monitoring, "restart changed",
            [new PropertyChange("restart", ChangeKind.Update, JsonValue.Create("always"), JsonValue.Create("unless-stopped"))]),
        Step(StepOp.Delete, "infra:bricks:Monitoring", NetworkKind.TypeToken, "legacy_net", Monitoring, "no longer in the program"),
        Step(StepOp.Delete, "infra:bricks:DataBackbone", VolumeKind.TypeToken, "old-data", Data, "no longer in the program"),
        Step(StepOp.Delete, "infra:bricks:DataBackbone", VolumeKind.TypeToken, "kept-data", Data, "no longer in the program", retain: true),
    ], ["the Docker host ssh://deploy@vps does not answer"]);

    private static string Render() => PlanMarkdown.Render(EveryKind(), [], []);

    [Fact]
    public void The_comment_starts_with_the_stack_marker_then_the_summary()
    {
        var lines = Render().Split('\n');

        Assert.Equal("<!-- infra-preview:vps -->", lines[0]);
        Assert.Equal(PlanMarkdown.Marker("vps"), lines[0]);
        Assert.Equal("**`infra preview`** of stack `vps` (project `selfhosted`): **2 to create, 1 to update, 1 to replace, 3 to delete**, 4 unchanged", lines[1]);
    }

    [Fact]
    public void Replacements_and_deletions_come_before_the_bricks_with_data_volume_deletions_first_and_in_bold()
    {
        var md = Render();
        int At(string text)
        {
            var i = md.IndexOf(text, StringComparison.Ordinal);
            Assert.True(i >= 0, $"'{text}' not in:\n{md}");
            return i;
        }

        var lost = At($"- **`{VolumeKind.TypeToken}` `old-data` will be deleted: the data in it is lost**: no longer in the program");
        var kept = At($"- **`{VolumeKind.TypeToken}` `kept-data` will be deleted: kept on the host (retainOnDelete), only dropped from the state**");
        var postgres = At($"- `{ContainerKind.TypeToken}` `postgres` will be replaced (deleted first): image changed");
        var network = At($"- `{NetworkKind.TypeToken}` `legacy_net` will be deleted: no longer in the program");
        var warning = At("- the Docker host ssh://deploy@vps does not answer");
        var firstBrick = At("<details>");

        Assert.True(At("**Replacements and deletions**") < lost);
        Assert.True(lost < kept && kept < postgres && postgres < network, md);
        Assert.True(network < warning && warning < firstBrick, md);
        Assert.DoesNotContain("grafana` will", md);
    }

    [Fact]
    public void Each_brick_gets_one_collapsed_section_with_its_changes_as_a_diff()
    {
        var md = Render();
        var sections = md.Split("<details>")[1..];

        Assert.Equal(3, sections.Length);
        Assert.Equal(3, md.Split("</details>").Length - 1);
        Assert.StartsWith("\n<summary><b>Outside the bricks</b>: 1 to create, 1 unchanged</summary>", sections[0]);
        Assert.StartsWith("\n<summary><b>DataBackbone</b> <code>data</code>: 1 to create, 1 to replace, 2 to delete, 2 unchanged</summary>", sections[1]);
        Assert.StartsWith("\n<summary><b>Monitoring</b> <code>monitoring</code>: 1 to update, 1 to delete, 1 unchanged</summary>", sections[2]);

        var data = sections[1];
        Assert.Contains($"```diff\n+ {ContainerKind.TypeToken} qdrant: create (new resource)\n+     env.QDRANT__SERVICE__API_KEY: \"[secret]\"\n", data);
        Assert.Contains($"! {ContainerKind.TypeToken} postgres: replace (delete first) (image changed)\n-     image: \"postgres:15\"\n+     image: \"postgres:16\"\n", data);
        Assert.Contains($"- {VolumeKind.TypeToken} old-data: delete (no longer in the program)\n", data);
        Assert.Contains("Unchanged: `data`, `backbone_net`", data);
        Assert.Contains($"! {ContainerKind.TypeToken} grafana: update (restart changed)\n-     restart: \"always\"\n+     restart: \"unless-stopped\"\n", sections[2]);
    }

    [Fact]
    public void Secrets_are_masked()
    {
        var md = Render();

        Assert.DoesNotContain(Plaintext, md);
        Assert.Contains("[secret]", md);
    }

    [Fact]
    public void Policy_violations_are_called_out_right_after_the_summary()
    {
        var md = PlanMarkdown.Render(EveryKind(), [], [$"{ContainerKind.TypeToken} 'grafana' publishes port 3000 on 0.0.0.0:3000; only 127.0.0.1 is allowed"]);

        var caution = md.IndexOf("> [!CAUTION]", StringComparison.Ordinal);
        Assert.True(caution > 0 && caution < md.IndexOf("**Replacements and deletions**", StringComparison.Ordinal), md);
        Assert.Contains($"> - {ContainerKind.TypeToken} 'grafana' publishes port 3000 on 0.0.0.0:3000; only 127.0.0.1 is allowed", md);
    }

    [Fact]
    public void A_plan_without_changes_says_so()
    {
        var every = EveryKind();
        var plan = every with { Steps = every.Steps.Where(s => s.Op == StepOp.Same).ToList(), Warnings = [] };

        var md = PlanMarkdown.Render(plan, [], []);

        Assert.Contains("no changes (4 unchanged)", md.Split('\n')[1]);
        Assert.DoesNotContain("Replacements and deletions", md);
        Assert.DoesNotContain("```diff", md);
    }

    [Fact]
    public void Without_parents_the_urn_type_chain_still_names_the_brick()
    {
        var urn = Urn($"infra:bricks:Ingress${ContainerKind.TypeToken}", "strudel");
        var plan = new Plan("selfhosted", "vps", [new PlanStep(StepOp.Delete, urn, ContainerKind.TypeToken, "gone", [], new ResourceState { Urn = urn, Type = ContainerKind.TypeToken }, null)], []);

        var brick = Assert.Single(PlanBricks.Group(plan));

        Assert.Equal("Ingress", brick.Title);
        Assert.Null(brick.Name);
    }

    [Fact]
    public async Task Preview_writes_the_comment_to_the_file_given_and_still_with_policy_violations()
    {
        using var project = new ProjectFolder();
        var program = new PasswordsProgram();

        var ok = await project.Cli.RunAsync(program, "preview", "-s", "dev", "--diff", "--markdown", "preview.md");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("Previewing update (dev)", ok.Out);
        var md = await File.ReadAllTextAsync(Path.Combine(project.ProjectDir, "preview.md"));
        Assert.StartsWith("<!-- infra-preview:dev -->\n", md);
        Assert.Contains("<summary><b>Vault</b> <code>vault</code>: 3 to create</summary>", md);

        program.Violations = [$"{RandomProvider.PasswordType} 'admin': too short"];
        var refused = await project.Cli.RunAsync(program, "preview", "-s", "dev", "--markdown", "preview.md");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"> - {RandomProvider.PasswordType} 'admin': too short", await File.ReadAllTextAsync(Path.Combine(project.ProjectDir, "preview.md")));
        Assert.Contains($"error: policy violation: {RandomProvider.PasswordType} 'admin': too short", refused.Error);
    }
}
