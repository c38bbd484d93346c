using Infra.Engine.Secrets;
using Infra.Engine.Tests;
using Infra.Engine.Tests.Support;
using Infra.Cli.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>How the CLI finds the passphrase and what it says when it cannot open a secret.</summary>
public sealed class SecretCliTests(SecretCliTests.Fixture fixture) : IClassFixture<SecretCliTests.Fixture>
{
    /// <summary>One passphrase crypter for the whole class: each key derivation costs a million PBKDF2 rounds.</summary>
    public sealed class Fixture
    {
        public Fixture() => (Crypter, EncryptionSalt) = PassphraseCrypter.CreateNew(CliHarness.Passphrase);

        public PassphraseCrypter Crypter { get; }
        public string EncryptionSalt { get; }

        /// <summary>A stack file holding the salt and one secure value, <c>proj:token</c> = <paramref name="plaintext"/>.</summary>
        public string StackFileWithSecret(string plaintext) =>
            $"encryptionsalt: {EncryptionSalt}\nconfig:\n  proj:token:\n    secure: {Crypter.Encrypt(plaintext)}\n";
    }

    [Fact]
    public async Task Cli_with_a_wrong_passphrase_exits_2_saying_incorrect_passphrase()
    {
        using var cli = new CliHarness(passphrase: "the wrong one");
        await File.WriteAllTextAsync(cli.StackFile(), fixture.StackFileWithSecret("t0ken-value"));

        var result = await cli.RunAsync(new TestProgram(_ => { }), "config", "get", "token", "-s", "dev");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("incorrect passphrase", result.Error);
        Assert.DoesNotContain("t0ken-value", result.Out + result.Error);
    }

    [Fact]
    public async Task Passphrase_file_is_read_and_trimmed()
    {
        using var cli = new CliHarness(passphrase: null);
        var file = Path.Combine(cli.Root, "passphrase.txt");
        await File.WriteAllTextAsync(file, $"  {CliHarness.Passphrase}\n\n");
        cli.Env[PassphraseSource.FileVariable] = file;
        await File.WriteAllTextAsync(cli.StackFile(), fixture.StackFileWithSecret("t0ken-value"));

        Assert.Equal(CliHarness.Passphrase, PassphraseSource.TryGet(cli.Env.GetValueOrDefault));
        var result = await cli.RunAsync(new TestProgram(_ => { }), "config", "get", "token", "-s", "dev");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("t0ken-value", result.Out.Trim());
    }

    [Fact]
    public async Task Without_a_passphrase_a_non_interactive_run_fails_naming_both_variables()
    {
        using var cli = new CliHarness(passphrase: null);

        var result = await cli.RunAsync(new TestProgram(_ => { }), "config", "set", "--secret", "token", "value", "-s", "dev");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("PULUMI_CONFIG_PASSPHRASE ", result.Error);
        Assert.Contains("PULUMI_CONFIG_PASSPHRASE_FILE", result.Error);
        Assert.Equal("", await File.ReadAllTextAsync(cli.StackFile()));
    }

}
