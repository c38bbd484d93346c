using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Config;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>Config as Pulumi has it: listing, <c>--path</c> with typed values, and the program's keys in the project's namespace.</summary>
public sealed class ConfigPulumiTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();
    private readonly TestProgram _program;

    public ConfigPulumiTests() => _program = new TestProgram(root => { }, _provider.Object);

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(_program, args);

    private static void AssertExit(int expected, CliResult result) => Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");

    [Fact]
    public async Task Set_path_makes_maps_and_lists_with_typed_values()
    {
        AssertExit(0, await Run("config", "set", "--path", "caddy.enabled", "true", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--path", "caddy.httpPort", "8080", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--path", "tenants[0]", "azoth", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--path", "tenants[1]", "koff", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--path", "labels[\"com.example.team\"]", "ops", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "plain", "true", "-s", "dev"));

        var file = StackConfigFile.Load(_cli.StackFile());
        Assert.True((bool)file.Values["proj:caddy"]!["enabled"]!);
        Assert.Equal(8080, (long)file.Values["proj:caddy"]!["httpPort"]!);
        Assert.Equal(["azoth", "koff"], file.Values["proj:tenants"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("ops", (string)file.Values["proj:labels"]!["com.example.team"]!);
        Assert.Equal("true", (string)file.Values["proj:plain"]!);

        AssertExit(0, await Run("config", "rm", "--path", "tenants[0]", "-s", "dev"));
        AssertExit(0, await Run("config", "rm", "--path", "caddy.httpPort", "-s", "dev"));
        file = StackConfigFile.Load(_cli.StackFile());
        Assert.Equal(["koff"], file.Values["proj:tenants"]!.AsArray().Select(n => (string)n!));
        Assert.False(((JsonObject)file.Values["proj:caddy"]!).ContainsKey("httpPort"));
    }

    [Theory]
    [InlineData("caddy[")]
    [InlineData("caddy[x]")]
    [InlineData("caddy..a")]
    [InlineData("caddy.")]
    [InlineData("list[3]")]
    public async Task A_path_that_does_not_parse_or_fit_is_2_and_changes_nothing(string path)
    {
        var before = await File.ReadAllTextAsync(_cli.StackFile());
        var result = await Run("config", "set", "--path", "--secret", path, "v", "-s", "dev");
        AssertExit(2, result);
        Assert.Contains("--path", result.Error);
        Assert.Equal(before, await File.ReadAllTextAsync(_cli.StackFile()));
    }

    [Fact]
    public async Task Config_lists_values_with_secrets_masked_unless_shown()
    {
        AssertExit(0, await Run("config", "set", "region", "eu", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--secret", "apiKey", "sk-42", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "docker:host", "unix:///x.sock", "-s", "dev"));

        var list = await Run("config", "-s", "dev");
        AssertExit(0, list);
        Assert.Matches(@"(?m)^region\s+eu$", list.Out);
        Assert.Matches(@"(?m)^apiKey\s+\[secret\]$", list.Out);
        Assert.Contains("docker:host", list.Out);
        Assert.DoesNotContain("sk-42", list.Out);

        _cli.Env.Remove("PULUMI_CONFIG_PASSPHRASE");
        var json = JsonNode.Parse((await Run("config", "--json", "-s", "dev")).Out)!;
        Assert.True((bool)json["proj:apiKey"]!["secret"]!);
        Assert.Null(json["proj:apiKey"]!["value"]);
        Assert.Equal("eu", (string)json["proj:region"]!["value"]!);

        _cli.Env["PULUMI_CONFIG_PASSPHRASE"] = CliHarness.Passphrase;
        var shown = await Run("config", "--json", "--show-secrets", "-s", "dev");
        Assert.Equal("sk-42", (string)JsonNode.Parse(shown.Out)!["proj:apiKey"]!["value"]!);
    }

    [Fact]
    public void Project_keys_are_the_programs_infra_keys_and_old_infra_keys_work_with_a_notice()
    {
        var notices = new List<string>();
        var config = new StackConfig("Pulumi.dev.yaml", new JsonObject { ["selfhosted:groqApiKey"] = "a", ["infra:namePrefix"] = "p-", ["docker:host"] = "h" })
            .ForProgram("selfhosted", notices.Add);
        Assert.Equal("a", (string)config.Get("infra:groqApiKey")!);
        Assert.Equal("p-", (string)config.Get("infra:namePrefix")!);
        Assert.Equal("h", (string)config.Get("docker:host")!);
        Assert.Single(notices);
        Assert.Contains("infra:namePrefix", notices[0]);
        Assert.Contains("selfhosted:namePrefix", notices[0]);

        var both = new StackConfig("Pulumi.dev.yaml", new JsonObject { ["selfhosted:tenants"] = "a", ["infra:tenants"] = "b" });
        var error = Assert.Throws<Infra.Engine.ConfigException>(() => both.ForProgram("selfhosted", _ => { }));
        Assert.Contains("selfhosted:tenants", error.Message);
        Assert.Contains("infra:tenants", error.Message);
    }
}
