using Infra.Ci.Tests.Fixtures;
using Infra.Cli.Sessions;
using Infra.Engine.State;
using Infra.Providers.Processes;
using Infra.Providers.Ssh;

namespace Infra.Ci.Tests.Scripts;

/// <summary>scripts/ci/setup-ssh.sh: key and pinned known_hosts from secrets, then a real login with what it wrote.</summary>
public sealed class SetupSshTests : IAsyncLifetime, IDisposable
{
    private const string Script = "scripts/ci/setup-ssh.sh";
    private readonly ScriptSandbox _sandbox = new();
    private readonly RemoteFolder _remote = new();

    private string SshDir => _sandbox.PathOf("dot-ssh");

    public async Task InitializeAsync()
    {
        await TestSshd.EnsureAsync();
        _sandbox.Env["INFRA_SSH_DIR"] = SshDir;
        _sandbox.Env["GITHUB_ENV"] = _sandbox.PathOf("github-env");
        // As GitHub hands a multi-line secret over: with CRs when it was pasted from Windows.
        _sandbox.Env["INFRA_SSH_PRIVATE_KEY"] = (await File.ReadAllTextAsync(TestSshd.Key)).Replace("\n", "\r\n");
        _sandbox.Env["INFRA_SSH_KNOWN_HOSTS"] = await File.ReadAllTextAsync(TestSshd.KnownHosts);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _sandbox.Dispose();
        _remote.Dispose();
    }

    private IReadOnlyList<string> ExportedOptions()
    {
        var line = Assert.Single(File.ReadAllLines(_sandbox.PathOf("github-env")));
        Assert.StartsWith("INFRA_BACKEND_SSH_OPTS=", line);
        return BackendSshOptions.Parse(line["INFRA_BACKEND_SSH_OPTS=".Length..]);
    }

    [Fact]
    public async Task Writes_the_key_and_known_hosts_owner_only_and_the_exported_options_log_in_with_the_host_key_checked()
    {
        var result = await _sandbox.RunAsync(Script);

        Assert.True(result.Succeeded, result.Stderr);
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(SshDir, "infra_deploy_key")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(SshDir, "infra_known_hosts")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(SshDir, "config")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(SshDir));
        Assert.DoesNotContain("\r", await File.ReadAllTextAsync(Path.Combine(SshDir, "infra_deploy_key")));
        Assert.Contains("SHA256:", result.Stdout);
        Assert.Contains("StrictHostKeyChecking yes", await File.ReadAllTextAsync(Path.Combine(SshDir, "config")));

        var options = ExportedOptions();
        Assert.Contains("StrictHostKeyChecking=yes", options);
        await using var storage = new SshBlobStorage(SshTarget.Parse(TestSshd.Url(_remote.Path)), options);
        await storage.WriteAtomicAsync("stacks/p/s.json", "{}"u8.ToArray(), default);
        Assert.Equal("{}"u8.ToArray(), await storage.ReadAsync("stacks/p/s.json", default));
    }

    [Fact]
    public async Task A_host_that_does_not_match_the_pinned_key_is_refused()
    {
        var other = _sandbox.PathOf("other_host_key");
        Assert.True((await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other])).Succeeded);
        var otherKey = string.Join(' ', (await File.ReadAllTextAsync(other + ".pub")).Split(' ')[..2]);
        _sandbox.Env["INFRA_SSH_KNOWN_HOSTS"] = $"[127.0.0.1]:{TestSshd.Port} {otherKey}\n";

        Assert.True((await _sandbox.RunAsync(Script)).Succeeded);
        await using var storage = new SshBlobStorage(SshTarget.Parse(TestSshd.Url(_remote.Path)), ExportedOptions());

        var error = await Assert.ThrowsAsync<StateException>(() => storage.ReadAsync("stacks/p/s.json", default));
        Assert.Contains("the host key of 127.0.0.1 is unknown or has changed", error.Message);
    }

    [Fact]
    public async Task Running_again_replaces_its_block_at_the_top_of_the_config_and_keeps_the_rest()
    {
        Directory.CreateDirectory(SshDir);
        await File.WriteAllTextAsync(Path.Combine(SshDir, "config"), "Host other\n  User someone\n");

        Assert.True((await _sandbox.RunAsync(Script)).Succeeded);
        Assert.True((await _sandbox.RunAsync(Script)).Succeeded);

        var config = await File.ReadAllTextAsync(Path.Combine(SshDir, "config"));
        Assert.StartsWith("# >>> infra ci (scripts/ci/setup-ssh.sh)\nHost *\n", config);
        Assert.Single(config.Split('\n'), l => l == "Host *");
        Assert.EndsWith("# <<< infra ci\nHost other\n  User someone\n", config);
    }

    [Theory]
    [InlineData("INFRA_SSH_PRIVATE_KEY", "", "INFRA_SSH_PRIVATE_KEY is empty")]
    [InlineData("INFRA_SSH_KNOWN_HOSTS", "", "INFRA_SSH_KNOWN_HOSTS is empty")]
    [InlineData("INFRA_SSH_PRIVATE_KEY", "not a key", "is not an OpenSSH private key")]
    [InlineData("INFRA_SSH_KNOWN_HOSTS", "127.0.0.1 nonsense", "holds no host key")]
    public async Task Missing_or_malformed_secrets_fail_with_the_secret_named(string variable, string value, string expected)
    {
        _sandbox.Env[variable] = value;

        var result = await _sandbox.RunAsync(Script);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Stderr);
        Assert.False(File.Exists(_sandbox.PathOf("github-env")));
    }
}
