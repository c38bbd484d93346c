using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>Pulumi's environment variables, each with an INFRA_ twin that wins; nothing a Pulumi job sets is silently ignored.</summary>
public sealed class EnvironmentVariableTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();
    private readonly TestProgram _program;

    public EnvironmentVariableTests() => _program = new TestProgram(root => new Thing("a", new ThingArgs { Value = "1" }, root), _provider.Object);

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(_program, args);

    [Fact]
    public async Task PULUMI_BACKEND_URL_is_used_and_INFRA_BACKEND_URL_wins_over_it()
    {
        var pulumiDir = Path.Combine(_cli.Root, "pulumi-backend");
        _cli.Env.Remove("INFRA_BACKEND_URL");
        _cli.Env["PULUMI_BACKEND_URL"] = "file://" + pulumiDir;
        var up = await Run("up", "--yes");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.True(File.Exists(Path.Combine(pulumiDir, "stacks", "proj", "dev.json")));

        _cli.Env["INFRA_BACKEND_URL"] = "file://" + _cli.BackendDir;
        Assert.Equal(0, (await Run("up", "--yes")).ExitCode);
        Assert.True(File.Exists(_cli.StatePath()));
    }

    [Theory]
    [InlineData("s3://my-bucket/state")]
    [InlineData("azblob://container")]
    [InlineData("gs://bucket")]
    [InlineData("https://api.pulumi.com")]
    public async Task An_unsupported_backend_is_2_naming_the_supported_ones(string url)
    {
        _cli.Env.Remove("INFRA_BACKEND_URL");
        _cli.Env["PULUMI_BACKEND_URL"] = url;

        var result = await Run("up", "--yes");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("PULUMI_BACKEND_URL", result.Error);
        Assert.Contains("file://", result.Error);
        Assert.Contains("ssh://", result.Error);
        Assert.Empty(_provider.Mutations);
    }

    [Fact]
    public async Task A_Pulumi_Cloud_job_with_only_an_access_token_is_2()
    {
        _cli.Env.Remove("INFRA_BACKEND_URL");
        _cli.Env["HOME"] = Path.Combine(_cli.Root, "home");
        _cli.Env["PULUMI_ACCESS_TOKEN"] = "pul-0123";

        var result = await Run("up", "--yes");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("PULUMI_ACCESS_TOKEN", result.Error);
        Assert.DoesNotContain("pul-0123", result.Error);
        Assert.False(Directory.Exists(Path.Combine(_cli.Root, "home", ".infra")));
    }

    [Fact]
    public async Task The_project_backend_url_is_used_when_no_variable_is_set()
    {
        var dir = Path.Combine(_cli.Root, "project-backend");
        _cli.Env.Remove("INFRA_BACKEND_URL");
        await File.WriteAllTextAsync(Path.Combine(_cli.ProjectDir, "Pulumi.yaml"), $"name: proj\nbackend:\n  url: file://{dir}\n");

        Assert.Equal(0, (await Run("up", "--yes")).ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "stacks", "proj", "dev.json")));
    }

    [Fact]
    public async Task PULUMI_STACK_selects_the_stack_and_INFRA_STACK_wins()
    {
        File.WriteAllText(_cli.StackFile("other"), "");
        _cli.Env["PULUMI_STACK"] = "other";
        Assert.Equal(0, (await Run("up", "--yes")).ExitCode);
        Assert.True(File.Exists(_cli.StatePath("other")));

        _cli.Env["INFRA_STACK"] = "dev";
        Assert.Equal(0, (await Run("up", "--yes")).ExitCode);
        Assert.True(File.Exists(_cli.StatePath("dev")));
    }

    [Fact]
    public async Task PULUMI_SKIP_CONFIRMATIONS_counts_as_yes()
    {
        _cli.Env["PULUMI_SKIP_CONFIRMATIONS"] = "true";
        var result = await Run("up", "-s", "dev");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["create:a"], _provider.Mutations);
    }

    [Fact]
    public async Task INFRA_SKIP_CONFIRMATIONS_false_wins_over_PULUMI_true()
    {
        _cli.Env["PULUMI_SKIP_CONFIRMATIONS"] = "true";
        _cli.Env["INFRA_SKIP_CONFIRMATIONS"] = "false";
        Assert.Equal(2, (await Run("up", "-s", "dev")).ExitCode);
        Assert.Empty(_provider.Mutations);
    }

    [Theory]
    [InlineData("PULUMI_SKIP_CONFIRMATIONS", "maybe")]
    [InlineData("PULUMI_PARALLEL", "abc")]
    [InlineData("PULUMI_PARALLEL", "0")]
    [InlineData("INFRA_PARALLEL", "-3")]
    public async Task A_variable_that_means_nothing_is_2_naming_it(string name, string value)
    {
        _cli.Env[name] = value;
        var result = await Run("up", "-s", "dev", "--yes");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(name, result.Error);
        Assert.Empty(_provider.Mutations);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("0")]
    public async Task Parallel_that_is_not_a_positive_number_is_2(string value)
    {
        var result = await Run("preview", "-s", "dev", "--parallel", value);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--parallel", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task INFRA_CONFIG_PASSPHRASE_wins_over_PULUMI_CONFIG_PASSPHRASE()
    {
        Assert.Equal(0, (await Run("config", "set", "--secret", "k", "v", "-s", "dev")).ExitCode);
        _cli.Env["PULUMI_CONFIG_PASSPHRASE"] = "wrong";
        _cli.Env["INFRA_CONFIG_PASSPHRASE"] = CliHarness.Passphrase;
        var get = await Run("config", "get", "k", "-s", "dev");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("v", get.Out.Trim());
    }
}
