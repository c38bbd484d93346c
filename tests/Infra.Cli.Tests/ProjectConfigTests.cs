using Infra.Cli.Tests.Support;
using Infra.Engine.Config;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>Pulumi.yaml's <c>config:</c> section (defaults, types, secrets) and <c>stackConfigDir</c>, as Pulumi has them.</summary>
public sealed class ProjectConfigTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();
    public void Dispose() => _cli.Dispose();

    private TestProgram Program() => new(root => new Thing("a", new ThingArgs { Value = "1" }, root), _provider.Object);

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(Program(), args);

    private void ProjectYaml(string extra) =>
        File.WriteAllText(Path.Combine(_cli.ProjectDir, "Pulumi.yaml"), $"name: proj\nruntime: dotnet\n{extra}");

    private static void AssertExit(int expected, CliResult result) => Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");

    [Fact]
    public async Task A_declared_key_missing_from_the_stack_is_2_naming_it_and_a_default_fills_it()
    {
        ProjectYaml("config:\n  apiKey:\n    type: string\n    secret: true\n  region: eu-west\n  workers:\n    type: integer\n    default: 2\n");

        var missing = await Run("preview", "-s", "dev");
        AssertExit(2, missing);
        Assert.Contains("Stack 'dev' is missing configuration value 'proj:apiKey'", missing.Error);

        AssertExit(0, await Run("config", "set", "apiKey", "plain-not-secret", "-s", "dev"));
        var plain = await Run("preview", "-s", "dev");
        AssertExit(2, plain);
        Assert.Contains("'proj:apiKey' must be encrypted as it's secret", plain.Error);

        AssertExit(0, await Run("config", "set", "--secret", "apiKey", "k", "-s", "dev"));
        AssertExit(0, await Run("preview", "-s", "dev"));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_2_naming_the_key()
    {
        ProjectYaml("config:\n  workers:\n    type: integer\n  tags:\n    type: array\n    items:\n      type: string\n");
        AssertExit(0, await Run("config", "set", "workers", "many", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--path", "tags[0]", "a", "-s", "dev"));

        var result = await Run("preview", "-s", "dev");

        AssertExit(2, result);
        Assert.Contains("proj:workers: '\"many\"' is not an integer", result.Error);
    }

    [Theory]
    [InlineData("config:\n  x:\n    type: float\n", "config.x.type: 'float' is not one of")]
    [InlineData("config:\n  x:\n    type: integer\n    default: abc\n", "config.x.default:")]
    [InlineData("config:\n  x:\n    type: string\n    colour: red\n", "unknown attribute 'colour'")]
    [InlineData("stackConfigDir: /etc\n", "stackConfigDir: '/etc' must be a folder relative to the project")]
    public async Task A_bad_project_file_is_2_naming_the_file_and_key(string yaml, string expected)
    {
        ProjectYaml(yaml);

        var result = await Run("preview", "-s", "dev");

        AssertExit(2, result);
        Assert.Contains("Pulumi.yaml", result.Error);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public async Task Stack_files_live_in_stackConfigDir()
    {
        ProjectYaml("stackConfigDir: stacks-config\n");

        AssertExit(0, await Run("stack", "init", "prod"));
        AssertExit(0, await Run("config", "set", "region", "eu", "-s", "prod"));

        var file = Path.Combine(_cli.ProjectDir, "stacks-config", "Pulumi.prod.yaml");
        Assert.Equal("eu", (string)StackConfigFile.Load(file).Values["proj:region"]!);
        Assert.Contains("prod", (await Run("stack", "ls")).Out);
    }
}
