using Infra.Cli.Tests.Support;
using Infra.Engine.Config;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>config set-all</c> and <c>config cp</c>, as Pulumi's.</summary>
public sealed class ConfigCopyTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TestProgram _program = new(_ => { }, new ProviderMock().Object);

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(_program, args);

    private static void AssertExit(int expected, CliResult result) => Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");

    [Fact]
    public async Task Set_all_stores_plain_secret_and_path_values_in_one_write()
    {
        AssertExit(0, await Run("config", "set-all", "--plaintext", "region=eu", "--plaintext", "caddy.httpPort=8080",
            "--secret", "groqApiKey=gsk_set_all", "--secret", "caddy.users.admin=hunter2", "--path", "-s", "dev"));

        var file = StackConfigFile.Load(_cli.StackFile());
        Assert.Equal("eu", (string)file.Values["proj:region"]!);
        Assert.Equal(8080, (long)file.Values["proj:caddy"]!["httpPort"]!);
        Assert.NotNull(file.Values["proj:groqApiKey"]!["secure"]);
        Assert.NotNull(file.Values["proj:caddy"]!["users"]!["admin"]!["secure"]);
        Assert.DoesNotContain("gsk_set_all", await File.ReadAllTextAsync(_cli.StackFile()));
        Assert.Equal("gsk_set_all", (await Run("config", "get", "groqApiKey", "-s", "dev")).Out.Trim());
    }

    [Theory]
    [InlineData("--plaintext", "no-equals-sign")]
    [InlineData("--secret", "=value")]
    public async Task Set_all_with_a_pair_that_is_not_key_value_is_2_and_changes_nothing(string option, string pair)
    {
        var before = await File.ReadAllTextAsync(_cli.StackFile());
        var result = await Run("config", "set-all", "--plaintext", "good=1", option, pair, "-s", "dev");
        AssertExit(2, result);
        Assert.Contains("expected key=value", result.Error);
        Assert.Equal(before, await File.ReadAllTextAsync(_cli.StackFile()));
    }

    [Fact]
    public async Task Cp_copies_every_value_to_another_stack_with_secrets_encrypted_for_it()
    {
        AssertExit(0, await Run("config", "set", "region", "eu", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--secret", "groqApiKey", "gsk_copied", "-s", "dev"));
        AssertExit(0, await Run("stack", "init", "prod"));

        AssertExit(0, await Run("config", "cp", "-s", "dev", "--dest", "prod"));

        var prod = StackConfigFile.Load(_cli.StackFile("prod"));
        var dev = StackConfigFile.Load(_cli.StackFile());
        Assert.Equal("eu", (string)prod.Values["proj:region"]!);
        Assert.NotEqual((string)dev.Values["proj:groqApiKey"]!["secure"]!, (string)prod.Values["proj:groqApiKey"]!["secure"]!);
        Assert.Equal("gsk_copied", (await Run("config", "get", "groqApiKey", "-s", "prod")).Out.Trim());
    }

    [Fact]
    public async Task Cp_of_one_path_copies_that_value_only()
    {
        AssertExit(0, await Run("config", "set", "--path", "caddy.httpPort", "8080", "-s", "dev"));
        AssertExit(0, await Run("config", "set", "--path", "caddy.tls", "internal", "-s", "dev"));
        AssertExit(0, await Run("stack", "init", "prod"));

        AssertExit(0, await Run("config", "cp", "--path", "caddy.tls", "-s", "dev", "-d", "prod"));

        var prod = StackConfigFile.Load(_cli.StackFile("prod"));
        Assert.Equal("internal", (string)prod.Values["proj:caddy"]!["tls"]!);
        Assert.Null(prod.Values["proj:caddy"]!["httpPort"]);
    }

    [Fact]
    public async Task Cp_of_a_key_that_is_not_set_is_1_and_changes_nothing()
    {
        AssertExit(0, await Run("stack", "init", "prod"));
        var before = await File.ReadAllTextAsync(_cli.StackFile("prod"));

        var result = await Run("config", "cp", "missing", "-s", "dev", "-d", "prod");

        AssertExit(1, result);
        Assert.Contains("'proj:missing' not found", result.Error);
        Assert.Equal(before, await File.ReadAllTextAsync(_cli.StackFile("prod")));
    }
}
