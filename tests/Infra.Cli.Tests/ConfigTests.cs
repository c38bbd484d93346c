using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>infra config</c> and the validation of <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TestProgram _program = new(_ => { });

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Run(params string[] args) => _cli.RunAsync(_program, args);

    [Fact]
    public async Task Set_get_and_rm_a_plain_value()
    {
        Assert.Equal(0, (await Run("config", "set", "region", "eu-west", "-s", "dev")).ExitCode);
        Assert.Contains("proj:region: eu-west", await File.ReadAllTextAsync(_cli.StackFile()));
        Assert.DoesNotContain("encryptionsalt", await File.ReadAllTextAsync(_cli.StackFile()));

        var get = await Run("config", "get", "region", "-s", "dev");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("eu-west", get.Out.Trim());

        Assert.Equal(0, (await Run("config", "rm", "region", "-s", "dev")).ExitCode);
        Assert.DoesNotContain("region", await File.ReadAllTextAsync(_cli.StackFile()));
        var gone = await Run("config", "get", "region", "-s", "dev");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("proj:region", gone.Error);
    }

    [Fact]
    public async Task Set_secret_stores_a_secure_ciphertext_and_get_prints_the_plaintext()
    {
        var set = await Run("config", "set", "--secret", "apiKey", "sk-very-secret-42", "-s", "dev");
        Assert.True(set.ExitCode == 0, set.ToString());

        var file = await File.ReadAllTextAsync(_cli.StackFile());
        Assert.Matches(@"proj:apiKey:\s+secure: v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+", file);
        Assert.Matches(@"(?m)^encryptionsalt: v1:", file);
        Assert.DoesNotContain("sk-very-secret-42", file);

        var get = await Run("config", "get", "apiKey", "-s", "dev");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("sk-very-secret-42", get.Out.Trim());
    }

    [Theory]
    [InlineData("config:\n  proj:a: b: c\n")]
    [InlineData("config:\n  proj:a: [unclosed\n  proj:b: 1\n")] // YamlDotNet throws InvalidOperationException on this one
    public async Task A_malformed_stack_file_is_exit_2_naming_the_file(string content)
    {
        await File.WriteAllTextAsync(_cli.StackFile(), content);

        var result = await Run("config", "get", "a", "-s", "dev");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(_cli.StackFile(), result.Error);
        Assert.Contains("invalid YAML", result.Error);
    }

    [Fact]
    public async Task An_unknown_top_level_key_is_exit_2_naming_the_key()
    {
        await File.WriteAllTextAsync(_cli.StackFile(), "config:\n  proj:a: 1\nconfgi:\n  proj:b: 2\n");

        var result = await _cli.RunAsync(_program, "up", "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'confgi'", result.Error);
        Assert.Contains(_cli.StackFile(), result.Error);
        Assert.False(File.Exists(_cli.StatePath()));
    }
}
