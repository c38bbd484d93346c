using System.Text.Json.Nodes;
using Infra.Ci.Tests.Fixtures;
using Infra.Engine.State;
using Infra.Providers.Random;

namespace Infra.Ci.Tests.Backend;

/// <summary>The CLI end to end with <c>INFRA_BACKEND_URL=ssh://…</c>: the state lives in the folder on the host.</summary>
public sealed class SshBackendCliTests : IAsyncLifetime, IDisposable
{
    private readonly ProjectFolder _project = new();
    private readonly RemoteFolder _remote = new();
    private readonly PasswordsProgram _program = new();
    private readonly string _address = TestSshd.OwnLoopbackAddress();

    public async Task InitializeAsync()
    {
        await TestSshd.EnsureAsync();
        _project.Cli.Env["INFRA_BACKEND_URL"] = TestSshd.Url(_remote.Path);
        _project.Cli.Env["INFRA_BACKEND_SSH_OPTS"] = string.Join(' ', TestSshd.Options(bindAddress: _address));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _project.Dispose();
        _remote.Dispose();
    }

    private string StateFile => _remote.File("stacks/proj/dev.json");

    private async Task<CliResult> Run(params string[] args)
    {
        var result = await _project.Cli.RunAsync(_program, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task Up_and_preview_keep_the_state_on_the_host_each_run_logging_in_once()
    {
        var logins = await TestSshd.LoginsFromAsync(_address);
        var up = await Run("up", "-s", "dev", "--yes");

        Assert.Equal(1, await TestSshd.LoginsFromAsync(_address) - logins);
        Assert.True(File.Exists(StateFile), up.ToString());
        var state = await File.ReadAllTextAsync(StateFile);
        Assert.Contains("\"ciphertext\"", state);
        Assert.Contains($"urn:infra:dev::proj::infra:bricks:Vault${RandomProvider.PasswordType}::key1", state);
        Assert.False(File.Exists(_remote.File("locks/proj/dev.json")), "the lock is released on the host");
        Assert.Contains($"ssh://root@127.0.0.1:{TestSshd.Port}{_remote.Path}", (await Run("stack", "ls")).Out);

        logins = await TestSshd.LoginsFromAsync(_address);
        var preview = JsonNode.Parse((await Run("preview", "-s", "dev", "--json", "--expect-no-changes")).Out)!;
        Assert.Equal(1, await TestSshd.LoginsFromAsync(_address) - logins);
        Assert.False((bool)preview["hasChanges"]!);

        _program.Count = 3;
        Assert.Equal(7, (await _project.Cli.RunAsync(_program, "preview", "-s", "dev", "--expect-no-changes")).ExitCode);
        await Run("up", "-s", "dev", "--yes");
        // Checkpointed after every step: the .bak is the checkpoint before the last one.
        var latest = await File.ReadAllTextAsync(StateFile);
        var previous = await File.ReadAllTextAsync(StateFile + ".bak");
        Assert.Contains("key2", latest);
        Assert.NotEqual(latest, previous);
        Assert.Equal(3, (int)JsonNode.Parse(previous)!["version"]!);
    }

    [Fact]
    public async Task History_is_kept_on_the_host_and_an_old_version_is_restored_through_it()
    {
        await Run("up", "-s", "dev", "--yes");
        _program.Count = 3;
        await Run("up", "-s", "dev", "--yes");

        var history = JsonNode.Parse((await Run("stack", "history", "-s", "dev", "--json")).Out)!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.True(File.Exists(_remote.File("stacks/proj/dev.history/index.json")));
        // The state the second up started from: key0 and key1, no key2.
        var exported = Path.Combine(_project.Root, "v2.json");
        await Run("stack", "export", "-s", "dev", "--version", "2", "--file", exported);
        await Run("stack", "import", "-s", "dev", "--file", exported);
        var state = await File.ReadAllTextAsync(StateFile);
        Assert.Contains("::key1", state);
        Assert.DoesNotContain("::key2", state);
        Assert.Equal(3, JsonNode.Parse((await Run("stack", "history", "-s", "dev", "--json")).Out)!.AsArray().Count);
    }

    [Fact]
    public async Task Changing_the_passphrase_re_encrypts_the_state_and_history_on_the_host()
    {
        await Run("up", "-s", "dev", "--yes");
        var secrets = (await Run("stack", "export", "-s", "dev", "--show-secrets")).Out;
        _project.Cli.Env["PULUMI_CONFIG_PASSPHRASE_NEW"] = "the new ci passphrase";

        await Run("stack", "change-secrets-provider", "passphrase", "-s", "dev");

        _project.Cli.Env.Remove("PULUMI_CONFIG_PASSPHRASE_NEW");
        var old = await _project.Cli.RunAsync(_program, "stack", "export", "-s", "dev", "--show-secrets");
        Assert.Equal(2, old.ExitCode);
        _project.Cli.Env["PULUMI_CONFIG_PASSPHRASE"] = "the new ci passphrase";
        Assert.Equal(Plaintexts(secrets), Plaintexts((await Run("stack", "export", "-s", "dev", "--show-secrets")).Out));
        Assert.False(File.Exists(_remote.File("stacks/proj/dev.rotation")));
    }

    /// <summary>Every secret's plaintext in an export made with --show-secrets, by URN.</summary>
    private static string Plaintexts(string export) =>
        string.Join("\n", JsonNode.Parse(export)!["deployment"]!["resources"]!.AsArray()
            .Select(r => $"{r!["urn"]} {r["outputs"]?["result"]?.ToJsonString()}").Order(StringComparer.Ordinal));

    [Fact]
    public async Task A_run_is_refused_while_another_machine_holds_the_lock_on_the_host_and_cancel_removes_it()
    {
        Directory.CreateDirectory(_remote.File("locks/proj"));
        await File.WriteAllBytesAsync(_remote.File("locks/proj/dev.json"), new LockHolder(4242, "deploy", "ci-runner-7", DateTimeOffset.UtcNow, "infra up").ToJson());

        var refused = await _project.Cli.RunAsync(_program, "up", "-s", "dev", "--yes");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("locked by pid 4242 on host ci-runner-7", refused.Error);
        Assert.False(File.Exists(StateFile));
        Assert.Equal(0, (await _project.Cli.RunAsync(_program, "preview", "-s", "dev")).ExitCode);

        await Run("cancel", "-s", "dev", "--yes");
        await Run("up", "-s", "dev", "--yes");
        Assert.True(File.Exists(StateFile));
    }

    [Fact]
    public async Task An_unreachable_backend_fails_the_run_with_one_line_naming_the_host()
    {
        _project.Cli.Env["INFRA_BACKEND_URL"] = TestSshd.Url(_remote.Path, port: TestSshd.ClosedPort);

        var result = await _project.Cli.RunAsync(_program, "preview", "-s", "dev");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: state backend ssh://root@127.0.0.1:{TestSshd.ClosedPort}{_remote.Path}: host 127.0.0.1 port {TestSshd.ClosedPort} is unreachable", error);
    }

    [Fact]
    public async Task A_backend_folder_the_user_may_not_write_fails_up_with_one_line_naming_the_host()
    {
        var readOnly = _remote.ReadOnlyForOthers("shared");
        _project.Cli.Env["INFRA_BACKEND_URL"] = TestSshd.Url(readOnly, user: TestSshd.NoDockerUser);

        var result = await _project.Cli.RunAsync(_program, "up", "-s", "dev", "--yes");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"permission denied for {TestSshd.NoDockerUser} on 127.0.0.1", error);
    }

    [Theory]
    [InlineData("ssh://root@127.0.0.1:2222", "names no folder")]
    [InlineData("ssh://", "is not an ssh://")]
    [InlineData("s3://bucket/state", "is not supported")]
    public async Task A_bad_backend_url_is_a_configuration_error(string url, string expected)
    {
        _project.Cli.Env["INFRA_BACKEND_URL"] = url;

        var result = await _project.Cli.RunAsync(_program, "preview", "-s", "dev");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("-o StrictHostKeyChecking=no")]
    [InlineData("-oStrictHostKeyChecking=accept-new")]
    public async Task Turning_host_key_checking_off_is_refused(string options)
    {
        _project.Cli.Env["INFRA_BACKEND_SSH_OPTS"] = options;

        var result = await _project.Cli.RunAsync(_program, "preview", "-s", "dev");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("pin the host key", result.Error);
    }
}
