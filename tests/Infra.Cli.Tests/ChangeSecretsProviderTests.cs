using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Secrets;
using Infra.Engine.Secrets.Rotation;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>infra stack change-secrets-provider passphrase</c>: every secret re-encrypted, bad input changing nothing.</summary>
public sealed class ChangeSecretsProviderTests(RotationStack stack) : IClassFixture<RotationStack>, IDisposable
{
    private readonly CliHarness _cli = Copied(stack);

    public void Dispose() => _cli.Dispose();

    private static CliHarness Copied(RotationStack stack)
    {
        var cli = new CliHarness();
        stack.CopyTo(cli);
        return cli;
    }

    private static readonly TestProgram NoProgram = new(_ => { });

    private Task<CliResult> RunAsync(params string[] args) => _cli.RunAsync(NoProgram, args);

    private Task<CliResult> ChangeAsync() => RunAsync("stack", "change-secrets-provider", "passphrase", "-s", "dev");

    private static void AssertNoSecretPrinted(CliResult result)
    {
        foreach (var plaintext in RotationStack.Plaintexts) Assert.DoesNotContain(plaintext, result.Out + result.Error);
    }

    private static void AssertOneErrorLine(CliResult result, string text)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(text, line);
    }

    [Fact]
    public async Task Every_secret_is_re_encrypted_the_old_passphrase_fails_and_the_new_one_opens_the_same_plaintexts()
    {
        var before = await RunAsync("config", "-s", "dev", "--show-secrets", "--json");
        Assert.True(before.ExitCode == 0, before.ToString());
        _cli.Env[PassphraseSource.NewVariable] = RotationStack.NewPassphrase;

        var change = await ChangeAsync();

        Assert.True(change.ExitCode == 0, change.ToString());
        Assert.True(change.Out.Contains("re-encrypted 3 secrets in Pulumi.dev.yaml, 2 in the state and 2 history entries"), change.Out);
        AssertNoSecretPrinted(change);
        _cli.Env.Remove(PassphraseSource.NewVariable);

        var old = await RunAsync("config", "-s", "dev", "--show-secrets");
        AssertOneErrorLine(old, "incorrect passphrase");

        _cli.Env["PULUMI_CONFIG_PASSPHRASE"] = RotationStack.NewPassphrase;
        var after = await RunAsync("config", "-s", "dev", "--show-secrets", "--json");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Equal(before.Out, after.Out);
        RotationStack.AssertConfigPlaintexts(after.Out);

        // The state and the history: the same plaintexts, under the stack file's new salt, never in plain text.
        var salt = RotationStack.SaltOf(_cli.StackFile())!;
        Assert.NotEqual(stack.Salt, salt);
        var crypter = PassphraseCrypter.FromEncryptionSalt(RotationStack.NewPassphrase, salt);
        Assert.Equal([RotationStack.Db], RotationStack.SecretsIn(_cli.StatePath(), crypter));
        Assert.Equal([RotationStack.OlderDb], RotationStack.SecretsIn(RotationStack.HistoryEntry(_cli, 2), crypter));
        foreach (var path in new[] { _cli.StatePath(), RotationStack.HistoryEntry(_cli, 1), RotationStack.HistoryEntry(_cli, 2) })
        {
            var text = await File.ReadAllTextAsync(path);
            Assert.Equal(salt, (string?)JsonNode.Parse(text)!["checkpoint"]!["latest"]!["secrets_providers"]!["state"]!["salt"]);
            foreach (var plaintext in RotationStack.Plaintexts) Assert.DoesNotContain(plaintext, text);
        }
        // No copy under the old key (.bak), no staged copy, no marker.
        var left = RotationStack.Snapshot(_cli).Keys;
        Assert.DoesNotContain(left, f => (f.EndsWith(".bak", StringComparison.Ordinal) && !f.EndsWith("index.json.bak", StringComparison.Ordinal))
            || f.EndsWith(".rotated", StringComparison.Ordinal) || f.EndsWith(".rotation", StringComparison.Ordinal));
        Assert.False(File.Exists(_cli.StackFile() + ".tmp"));

        var export = await RunAsync("stack", "export", "-s", "dev", "--show-secrets");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains(RotationStack.Db, export.Out);

        // An entry of the history from before the change is still exported and imported with the new passphrase.
        var file = Path.Combine(_cli.Root, "v2.json");
        var older = await RunAsync("stack", "export", "-s", "dev", "--version", "2", "--show-secrets", "--file", file);
        Assert.True(older.ExitCode == 0, older.ToString());
        Assert.Contains(RotationStack.OlderDb, await File.ReadAllTextAsync(file));
        var import = await _cli.RunAsync(RotationStack.Program(RotationStack.OlderDb), "stack", "import", "-s", "dev", "--file", file);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([RotationStack.OlderDb], RotationStack.SecretsIn(_cli.StatePath(), crypter));
    }

    [Fact]
    public async Task A_history_entry_the_current_passphrase_cannot_open_is_left_as_it_is_with_a_warning()
    {
        // As an entry written before the stack was removed and created again, under another salt.
        var entry = RotationStack.HistoryEntry(_cli, 2);
        var foreign = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(entry),
            "\"ciphertext\": \"[^\"]+\"", "\"ciphertext\": \"v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
        await File.WriteAllTextAsync(entry, foreign);
        _cli.Env[PassphraseSource.NewVariable] = RotationStack.NewPassphrase;

        var change = await ChangeAsync();

        Assert.True(change.ExitCode == 0, change.ToString());
        Assert.Contains("warning: history entries 2 were not written with the current passphrase", change.Error);
        Assert.True(change.Out.Contains("and 1 history entries"), change.Out);
        Assert.Equal(foreign, await File.ReadAllTextAsync(entry));
    }

    [Fact]
    public async Task The_INFRA_variable_wins_over_the_PULUMI_one()
    {
        _cli.Env[PassphraseSource.InfraNewVariable] = RotationStack.NewPassphrase;
        _cli.Env[PassphraseSource.NewVariable] = "the PULUMI_ one";

        var change = await ChangeAsync();

        Assert.True(change.ExitCode == 0, change.ToString());
        PassphraseCrypter.FromEncryptionSalt(RotationStack.NewPassphrase, RotationStack.SaltOf(_cli.StackFile())!);
    }

    [Fact]
    public async Task Asked_at_the_terminal_the_new_passphrase_is_typed_twice_and_never_shown()
    {
        _cli.Input = $"{RotationStack.NewPassphrase}\n{RotationStack.NewPassphrase}\n";

        var change = await ChangeAsync();

        Assert.True(change.ExitCode == 0, change.ToString());
        Assert.Contains("Enter the new passphrase", change.Out);
        Assert.Contains("Re-enter the new passphrase to confirm", change.Out);
        AssertNoSecretPrinted(change);
        PassphraseCrypter.FromEncryptionSalt(RotationStack.NewPassphrase, RotationStack.SaltOf(_cli.StackFile())!);
    }

    [Fact]
    public async Task A_wrong_current_passphrase_is_exit_2_in_one_line_and_changes_nothing()
    {
        var files = RotationStack.Snapshot(_cli);
        _cli.Env["PULUMI_CONFIG_PASSPHRASE"] = "not the passphrase";
        _cli.Env[PassphraseSource.NewVariable] = RotationStack.NewPassphrase;

        var change = await ChangeAsync();

        AssertOneErrorLine(change, "incorrect passphrase");
        Assert.Equal(files, RotationStack.Snapshot(_cli));
    }

    [Fact]
    public async Task A_mismatched_confirmation_is_exit_2_in_one_line_and_changes_nothing()
    {
        var files = RotationStack.Snapshot(_cli);
        _cli.Input = $"{RotationStack.NewPassphrase}\n{RotationStack.NewPassphrase}x\n";

        var change = await ChangeAsync();

        AssertOneErrorLine(change, "the two new passphrases do not match; nothing changed");
        AssertNoSecretPrinted(change);
        Assert.Equal(files, RotationStack.Snapshot(_cli));
    }

    [Fact]
    public async Task Without_a_new_passphrase_a_non_interactive_run_is_exit_2_naming_the_variable()
    {
        var files = RotationStack.Snapshot(_cli);

        var change = await ChangeAsync();

        AssertOneErrorLine(change, PassphraseSource.NewVariable);
        Assert.Equal(files, RotationStack.Snapshot(_cli));
    }

    [Fact]
    public async Task An_empty_new_passphrase_is_refused()
    {
        var files = RotationStack.Snapshot(_cli);
        _cli.Env[PassphraseSource.NewVariable] = "";

        var change = await ChangeAsync();

        AssertOneErrorLine(change, $"{PassphraseSource.NewVariable} is set but empty");
        Assert.Equal(files, RotationStack.Snapshot(_cli));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("awskms://alias/x?region=us-east-1")]
    public async Task Another_secrets_provider_is_exit_2(string provider)
    {
        var change = await RunAsync("stack", "change-secrets-provider", provider, "-s", "dev");

        AssertOneErrorLine(change, $"secrets provider '{provider}' is not supported");
    }

    [Fact]
    public async Task An_unfinished_change_started_elsewhere_is_not_undone_from_here()
    {
        var marker = new RotationMarker(stack.Salt, "v1:AAAAAAAAAAA=:v1:x:y", "/elsewhere/Pulumi.dev.yaml", "another-host", 1,
            DateTimeOffset.UtcNow, ["stacks/proj/dev.json"]);
        await File.WriteAllBytesAsync(RotationStack.Marker(_cli), marker.ToJson());
        var files = RotationStack.Snapshot(_cli);

        var config = await RunAsync("config", "-s", "dev");

        Assert.True(config.ExitCode == 1, config.ToString());
        Assert.Contains("started on host another-host", Assert.Single(config.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(files, RotationStack.Snapshot(_cli));
    }
}
