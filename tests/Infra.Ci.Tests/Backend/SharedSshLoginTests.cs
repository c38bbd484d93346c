using Infra.Ci.Tests.Fixtures;
using Infra.Cli.Composition;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.State;
using Infra.Providers.Docker;
using Infra.Providers.Processes;

namespace Infra.Ci.Tests.Backend;

/// <summary>
/// State on an ssh:// backend and Docker on an ssh:// host naming the same user, host, port and options:
/// one SSH login serves both, and no ssh process outlives the command, also when it fails.
/// </summary>
public sealed class SharedSshLoginTests : IAsyncLifetime, IDisposable
{
    private readonly ProjectFolder _project = new();
    private readonly RemoteFolder _remote = new();
    private readonly string _address = TestSshd.OwnLoopbackAddress();
    private readonly string _network = $"infra-ci-sshshare-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        await TestSshd.EnsureAsync();
        _project.Cli.Env["INFRA_BACKEND_URL"] = TestSshd.Url(_remote.Path);
        _project.Cli.Env["INFRA_BACKEND_SSH_OPTS"] = string.Join(' ', Options);
    }

    private IReadOnlyList<string> Options => TestSshd.Options(bindAddress: _address);

    public async Task DisposeAsync() => await ChildProcess.RunAsync("docker", ["network", "rm", _network]);

    public void Dispose()
    {
        _project.Dispose();
        _remote.Dispose();
    }

    private StackComposition Composition() => new(new NetworkProgram(_network), _ =>
    {
        var docker = new DockerConnection(new DockerHostOptions($"ssh://root@127.0.0.1:{TestSshd.Port}", SshOpts: Options));
        docker.StartOpening();
        return new ProviderSet([new DockerProvider(docker)], docker);
    });

    private async Task<(CliResult Result, int Logins)> RunCounting(params string[] args)
    {
        var before = await TestSshd.LoginsFromAsync(_address);
        var result = await _project.Cli.RunAsync(Composition(), args);
        return (result, await TestSshd.LoginsFromAsync(_address) - before);
    }

    [Fact]
    public async Task Up_with_refresh_logs_in_once_for_state_and_docker_and_leaves_no_ssh_behind()
    {
        var (created, _) = await RunCounting("up", "-s", "dev", "--yes");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(0, (await ChildProcess.RunAsync("docker", ["network", "inspect", _network])).ExitCode);

        var (noop, logins) = await RunCounting("up", "-s", "dev", "--yes", "--refresh", "--expect-no-changes");

        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Equal(1, logins);
        Assert.Empty(SshProcesses());
    }

    [Fact]
    public async Task A_run_refused_by_the_lock_after_logging_in_leaves_no_ssh_behind()
    {
        Directory.CreateDirectory(_remote.File("locks/proj"));
        await File.WriteAllBytesAsync(_remote.File("locks/proj/dev.json"), new LockHolder(4242, "deploy", "ci-runner-7", DateTimeOffset.UtcNow, "infra up").ToJson());

        var (refused, logins) = await RunCounting("up", "-s", "dev", "--yes");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Equal(1, logins);
        Assert.Empty(SshProcesses());
    }

    private Infra.Cli.CliEnvironment EnvironmentOf() =>
        new(Path.GetTempPath(), name => _project.Cli.Env.GetValueOrDefault(name), TextWriter.Null, TextWriter.Null, TextReader.Null, false, false);

    [Fact]
    public async Task The_backend_a_command_opens_as_its_process_starts_is_the_one_it_uses_one_login_in_all()
    {
        var (created, _) = await RunCounting("up", "-s", "dev", "--yes");
        Assert.True(created.ExitCode == 0, created.ToString());
        var before = await TestSshd.LoginsFromAsync(_address);
        string[] args = ["up", "-s", "dev", "--yes", "--refresh", "--expect-no-changes"];

        Infra.Cli.Sessions.EarlyBackend.Start(args, EnvironmentOf());
        var noop = await _project.Cli.RunAsync(Composition(), args);
        await Infra.Cli.Sessions.EarlyBackend.CloseUnusedAsync();

        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Equal(1, await TestSshd.LoginsFromAsync(_address) - before);
        Assert.Empty(SshProcesses());
    }

    [Fact]
    public async Task A_docker_host_on_the_backends_login_uses_the_docker_socket_the_login_forwarded()
    {
        var backend = Infra.Cli.Sessions.BackendFactory.Create(EnvironmentOf().Variables);
        await using (var docker = new DockerConnection(new DockerHostOptions($"ssh://root@127.0.0.1:{TestSshd.Port}", SshOpts: Options)))
        {
            var ssh = await docker.OpenSshAsync(CancellationToken.None);
            Assert.EndsWith("/f0.sock", await ssh.LocalSocketForAsync(DockerConnection.DefaultRemoteSocket, CancellationToken.None));
            var session = await docker.OpenAsync(CancellationToken.None);
            await session.Client.System.PingAsync();
        }
        await ((IAsyncDisposable)backend).DisposeAsync();
        Assert.Empty(SshProcesses());
    }

    [Fact]
    public async Task The_backend_factory_takes_the_backend_opened_early_for_the_same_url_and_options_once()
    {
        var env = EnvironmentOf();
        var early = Infra.Cli.Sessions.EarlyBackend.Start(["up", "-s", "dev"], env);
        Assert.NotNull(early);

        var taken = Infra.Cli.Sessions.BackendFactory.Create(env.Variables);
        var again = Infra.Cli.Sessions.BackendFactory.Create(env.Variables);

        Assert.Same(early, taken);
        Assert.NotSame(taken, again);
        await ((IAsyncDisposable)taken).DisposeAsync();
        await ((IAsyncDisposable)again).DisposeAsync();
        Assert.Empty(SshProcesses());
    }

    [Fact]
    public async Task A_backend_opened_early_that_the_command_does_not_use_is_closed_at_the_end()
    {
        Infra.Cli.Sessions.EarlyBackend.Start(["preview", "-s", "dev"], EnvironmentOf());
        await Infra.Cli.Sessions.EarlyBackend.CloseUnusedAsync();

        Assert.Empty(SshProcesses());
    }

    /// <summary>The ssh processes of this test: each carries its own bind address on its command line.</summary>
    private List<string> SshProcesses() =>
        Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try { return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { return ""; }
            catch (UnauthorizedAccessException) { return ""; }
        }).Where(c => c.StartsWith("ssh ", StringComparison.Ordinal) && c.Contains($" {_address} ", StringComparison.Ordinal)).ToList();

    private sealed class NetworkProgram(string name) : IStackProgram
    {
        public StackRoot Build(StackContext context)
        {
            var root = new StackRoot(context.Project, context.Stack);
            _ = new Network("net", new NetworkArgs { Name = name }, root);
            return root;
        }

        public IReadOnlyList<string> CheckPolicies(DesiredState desired) => [];
    }
}
