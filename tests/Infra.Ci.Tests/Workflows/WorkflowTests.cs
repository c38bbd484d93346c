using System.Text.RegularExpressions;
using Infra.Ci.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace Infra.Ci.Tests.Workflows;

/// <summary>The GitHub workflows: their triggers, and that every step runs something the repository has.</summary>
public sealed partial class WorkflowTests
{
    private static readonly string Readme = File.ReadAllText(Repository.PathOf("README.md"));

    [Fact]
    public void Pull_requests_are_tested_then_previewed_and_the_preview_commented()
    {
        var workflow = Workflow.Named("preview.yml");

        Assert.True(workflow.On.Children.ContainsKey(new YamlScalarNode("pull_request")));
        var lines = workflow.RunLines.ToList();
        Assert.Contains("./test.sh", lines);
        Assert.Contains("infra preview -s vps --diff --markdown preview.md", lines);
        Assert.Contains("scripts/ci/post-preview-comment.sh preview.md", lines);
        Assert.True(lines.IndexOf("scripts/ci/setup-ssh.sh") < lines.IndexOf("infra preview -s vps --diff --markdown preview.md"));
        // The comment also explains a preview that failed (a policy violation).
        var comment = workflow.Steps.Single(s => Workflow.Scalar(s.Step, "run") == "scripts/ci/post-preview-comment.sh preview.md").Step;
        Assert.Contains("!cancelled()", Workflow.Scalar(comment, "if"));
    }

    [Fact]
    public void Pushes_to_main_deploy()
    {
        var workflow = Workflow.Named("deploy.yml");

        var push = Assert.IsType<YamlMappingNode>(workflow.On.Children[new YamlScalarNode("push")]);
        Assert.Equal(["main"], Assert.IsType<YamlSequenceNode>(push.Children[new YamlScalarNode("branches")]).Select(b => ((YamlScalarNode)b).Value));
        Assert.Contains("infra up -s vps --yes", workflow.RunLines);
    }

    [Fact]
    public void Drift_is_checked_on_a_schedule()
    {
        var workflow = Workflow.Named("drift.yml");

        var schedule = Assert.IsType<YamlSequenceNode>(workflow.On.Children[new YamlScalarNode("schedule")]);
        var cron = Workflow.Scalar((YamlMappingNode)schedule.Single(), "cron");
        Assert.Matches(@"^\S+ \S+ \S+ \S+ \S+$", cron);
        Assert.Contains("scripts/ci/drift-check.sh vps", workflow.RunLines);
    }

    [Fact]
    public void Every_run_step_is_a_README_command_or_an_executable_script_of_the_repository()
    {
        var checkedLines = 0;
        foreach (var workflow in Workflow.All())
            foreach (var line in workflow.RunLines)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words[0] == "infra") AssertReadmeDocuments(words, $"{workflow.Name}: {line}");
                else AssertExecutableScript(words[0], $"{workflow.Name}: {line}");
                checkedLines++;
            }
        Assert.True(checkedLines >= 10, $"only {checkedLines} run lines");
    }

    private static void AssertReadmeDocuments(string[] words, string where)
    {
        var verb = words[1];
        var row = Readme.Split('\n').FirstOrDefault(l => l.StartsWith($"| `infra {verb} ", StringComparison.Ordinal));
        Assert.True(row is not null, $"{where}: the README's verbs table has no `infra {verb}`");
        foreach (var flag in words.Skip(2).Where(w => w.StartsWith('-')))
            Assert.True(row.Contains(flag, StringComparison.Ordinal), $"{where}: the README does not document {flag} for infra {verb}");
    }

    private static void AssertExecutableScript(string path, string where)
    {
        var full = Repository.PathOf(path);
        Assert.True(File.Exists(full), $"{where}: {path} is not a file of the repository");
        Assert.True(File.GetUnixFileMode(full).HasFlag(UnixFileMode.UserExecute), $"{where}: {path} is not executable");
        Assert.StartsWith("#!", File.ReadLines(full).First());
    }

    [Fact]
    public void Every_ci_script_is_used_by_a_workflow()
    {
        var used = Workflow.All().SelectMany(w => w.RunLines).Select(l => l.Split(' ')[0]).ToHashSet();

        foreach (var script in Directory.GetFiles(Repository.PathOf("scripts/ci"), "*.sh"))
            Assert.Contains($"scripts/ci/{Path.GetFileName(script)}", used);
    }

    [Fact]
    public void Secrets_come_from_repository_secrets_documented_in_the_README()
    {
        var ci = Readme[Readme.IndexOf("\n## CI", StringComparison.Ordinal)..];
        var secrets = Workflow.All()
            .SelectMany(w => SecretReference().Matches(File.ReadAllText(Path.Combine(Workflow.Folder, w.Name))).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Equal(["INFRA_BACKEND_URL", "INFRA_SSH_KNOWN_HOSTS", "INFRA_SSH_PRIVATE_KEY", "PULUMI_CONFIG_PASSPHRASE"], secrets.Order());
        Assert.All(secrets, s => Assert.Contains($"`{s}`", ci));
    }

    [Fact]
    public void Host_key_checking_is_never_turned_off()
    {
        var files = Directory.GetFiles(Workflow.Folder).Concat(Directory.GetFiles(Repository.PathOf("scripts/ci")));

        foreach (var file in files)
            Assert.DoesNotMatch(@"(?i)StrictHostKeyChecking[ =]+(no|off|accept-new)", File.ReadAllText(file));
    }

    [GeneratedRegex(@"\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}")]
    private static partial Regex SecretReference();
}
