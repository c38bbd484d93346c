using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Cli.Tests.Support;
using Infra.Engine.Config;
using Infra.Engine.Secrets;
using Infra.Engine.Secrets.Rotation;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>
/// A change of passphrase killed with SIGKILL (paused by <c>INFRA_TEST_PAUSE_AT</c>, then killed) at each of its steps, in a real <c>infra</c>
/// process: exactly one of the two passphrases opens the stack file and everything the state holds (the state itself
/// or, once the change is committed, the re-encrypted copy waiting to replace it), and the next command, run with
/// that passphrase, finishes or undoes the change and leaves nothing of it behind.
/// </summary>
public sealed class ChangeSecretsProviderCrashTests(RotationStack stack) : IClassFixture<RotationStack>
{
    private const string Killed = "137";

    public static TheoryData<string> Steps => new(RotationStep.Rotation);

    /// <summary>From the rename of the stack file on, the change is committed: the new passphrase opens the stack.</summary>
    private static bool IsCommitted(string step) =>
        RotationStep.Rotation.ToList().IndexOf(step) >= RotationStep.Rotation.ToList().IndexOf(RotationStep.StackFile);

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Killed_at_any_step_one_passphrase_opens_everything_and_the_next_command_finishes_or_undoes_the_change(string step)
    {
        using var cli = new CliHarness();
        stack.CopyTo(cli);

        await KillChangeAtAsync(cli, step);

        var crypter = AssertOnePassphraseOpensEverything(cli, IsCommitted(step));
        await AssertNextCommandRecoversAsync(cli, IsCommitted(step), crypter);
    }

    /// <summary>
    /// The verbs that run the program check for an unfinished change in the background (over ssh:// the check waits
    /// for the login) while the program is evaluated; the state is not read before the change is finished or undone.
    /// </summary>
    [Theory]
    [InlineData(RotationStep.StagedState)]
    [InlineData(RotationStep.State)]
    public async Task A_preview_after_a_killed_change_finishes_or_undoes_it_before_it_reads_the_state(string step)
    {
        using var cli = new CliHarness();
        stack.CopyTo(cli);
        await KillChangeAtAsync(cli, step);
        var committed = IsCommitted(step);
        cli.Env["PULUMI_CONFIG_PASSPHRASE"] = committed ? RotationStack.NewPassphrase : RotationStack.OldPassphrase;

        var preview = await cli.RunAsync(RotationStack.Program(RotationStack.Db), "preview", "-s", "dev", "--expect-no-changes");

        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains(committed ? "finished the change of passphrase" : "undid the change of passphrase", preview.Error);
        Assert.False(File.Exists(RotationStack.Marker(cli)), "the marker is left");
        Assert.Empty(Directory.GetFiles(cli.BackendDir, "*.rotated", SearchOption.AllDirectories));
    }

    /// <summary>
    /// A verb that takes the lock checks for an unfinished change under it, with the lock's own call (one round trip over
    /// ssh://), and finishes or undoes it there before the operation reads the state.
    /// </summary>
    [Theory]
    [InlineData(RotationStep.StagedState, "up")]
    [InlineData(RotationStep.State, "up")]
    [InlineData(RotationStep.State, "refresh")]
    public async Task A_verb_taking_the_lock_after_a_killed_change_finishes_or_undoes_it_under_that_lock(string step, string verb)
    {
        using var cli = new CliHarness();
        stack.CopyTo(cli);
        await KillChangeAtAsync(cli, step);
        var committed = IsCommitted(step);
        cli.Env["PULUMI_CONFIG_PASSPHRASE"] = committed ? RotationStack.NewPassphrase : RotationStack.OldPassphrase;

        var run = await cli.RunAsync(RotationStack.Program(RotationStack.Db), verb, "-s", "dev", "--yes", "--expect-no-changes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(committed ? "finished the change of passphrase" : "undid the change of passphrase", run.Error);
        Assert.DoesNotContain("locked", run.Error);
        Assert.False(File.Exists(RotationStack.Marker(cli)), "the marker is left");
        Assert.Empty(Directory.GetFiles(cli.BackendDir, "*.rotated", SearchOption.AllDirectories));
        Assert.DoesNotContain(Directory.GetFiles(cli.BackendDir, "*.json", SearchOption.AllDirectories), f => f.Contains("/locks/"));
    }

    [Fact]
    public async Task A_command_killed_while_finishing_the_change_leaves_it_to_the_next_one()
    {
        using var cli = new CliHarness();
        stack.CopyTo(cli);
        await KillChangeAtAsync(cli, RotationStep.State);

        cli.Env["PULUMI_CONFIG_PASSPHRASE"] = RotationStack.NewPassphrase;
        cli.Env[TestPausePoint.Variable] = RotationStep.Recovering;
        var killed = await cli.RunProcessAsync("config", "-s", "dev");
        cli.Env.Remove(TestPausePoint.Variable);
        Assert.True(killed.ExitCode.ToString() == Killed, killed.ToString());
        Assert.True(File.Exists(RotationStack.Marker(cli)));

        var crypter = AssertOnePassphraseOpensEverything(cli, committed: true);
        await AssertNextCommandRecoversAsync(cli, committed: true, crypter);
    }

    private static async Task KillChangeAtAsync(CliHarness cli, string step)
    {
        cli.Env[PassphraseSource.NewVariable] = RotationStack.NewPassphrase;
        cli.Env[TestPausePoint.Variable] = step;
        var run = await cli.RunProcessAsync("stack", "change-secrets-provider", "passphrase", "-s", "dev");
        cli.Env.Remove(PassphraseSource.NewVariable);
        cli.Env.Remove(TestPausePoint.Variable);
        Assert.True(run.ExitCode.ToString() == Killed, run.ToString());
        Assert.True(File.Exists(RotationStack.Marker(cli)), $"no marker after a kill at {step}");
        AssertNoPlaintextOnDisk(cli);
    }

    /// <summary>The files as the killed run left them, before any command looked at them; returns the crypter that opens them.</summary>
    private PassphraseCrypter AssertOnePassphraseOpensEverything(CliHarness cli, bool committed)
    {
        var salt = RotationStack.SaltOf(cli.StackFile())!;
        Assert.Equal(committed, salt != stack.Salt);
        var crypter = committed ? PassphraseCrypter.FromEncryptionSalt(RotationStack.NewPassphrase, salt) : stack.Crypter;
        Assert.Throws<IncorrectPassphraseException>(() =>
            PassphraseCrypter.FromEncryptionSalt(committed ? RotationStack.OldPassphrase : RotationStack.NewPassphrase, salt));

        var config = StackConfig.Open(StackConfigFile.Load(cli.StackFile()), () => crypter);
        Assert.Equal(RotationStack.Token, Infra.Engine.Properties.Secret.Reveal(config.Get("proj:token"))!.GetValue<string>());

        // Each checkpoint opens with that passphrase, or, once the change is committed, its staged copy does (the
        // next command puts the copy in place before reading anything).
        foreach (var (path, secrets) in Checkpoints(cli))
        {
            var staged = RotationMarker.StagedPath(path);
            Assert.True(Opens(path, crypter, secrets) || (committed && File.Exists(staged) && Opens(staged, crypter, secrets)),
                $"{path}: neither it nor a staged copy opens with the {(committed ? "new" : "old")} passphrase");
        }
        return crypter;
    }

    private static async Task AssertNextCommandRecoversAsync(CliHarness cli, bool committed, PassphraseCrypter crypter)
    {
        cli.Env["PULUMI_CONFIG_PASSPHRASE"] = committed ? RotationStack.NewPassphrase : RotationStack.OldPassphrase;
        var next = await cli.RunProcessAsync("config", "-s", "dev", "--show-secrets", "--json");

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains(committed ? "finished the change of passphrase" : "undid the change of passphrase", next.Error);
        RotationStack.AssertConfigPlaintexts(next.Out);
        Assert.False(File.Exists(RotationStack.Marker(cli)), "the marker is left");
        Assert.Empty(Directory.GetFiles(cli.BackendDir, "*.rotated", SearchOption.AllDirectories));
        Assert.False(File.Exists(cli.StackFile() + ".tmp"));
        var salt = RotationStack.SaltOf(cli.StackFile());
        foreach (var (path, secrets) in Checkpoints(cli))
        {
            Assert.True(Opens(path, crypter, secrets), $"{path} does not open with the stack file's passphrase");
            Assert.Equal(salt, (string?)JsonNode.Parse(File.ReadAllText(path))!["checkpoint"]!["latest"]!["secrets_providers"]!["state"]!["salt"]);
        }
        AssertNoPlaintextOnDisk(cli);

        cli.Env["PULUMI_CONFIG_PASSPHRASE"] = committed ? RotationStack.OldPassphrase : RotationStack.NewPassphrase;
        var other = await cli.RunAsync(new TestProgram(_ => { }), "config", "-s", "dev", "--show-secrets");
        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.Contains("incorrect passphrase", other.Error);
    }

    /// <summary>The stack's checkpoints and the secret each holds.</summary>
    private static IEnumerable<(string Path, string[] Secrets)> Checkpoints(CliHarness cli) =>
    [
        (cli.StatePath(), [RotationStack.Db]),
        (RotationStack.HistoryEntry(cli, 1), []),
        (RotationStack.HistoryEntry(cli, 2), [RotationStack.OlderDb]),
    ];

    private static bool Opens(string path, ISecretsCrypter crypter, string[] secrets)
    {
        try { return RotationStack.SecretsIn(path, crypter).SequenceEqual(secrets); }
        catch (IncorrectPassphraseException) { return false; }
    }

    private static void AssertNoPlaintextOnDisk(CliHarness cli)
    {
        var files = Directory.GetFiles(cli.BackendDir, "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(cli.ProjectDir, "Pulumi.dev.yaml*"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var plaintext in RotationStack.Plaintexts) Assert.False(text.Contains(plaintext), $"{file} holds a plaintext secret");
        }
    }
}
