using Infra.Engine.Model;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Processes;
using Infra.Providers.Tests.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Ssh;

/// <summary>Docker over ssh:// against the test sshd. Serialised (one collection) so sshd's log counts logins of one test only.</summary>
[Collection(SshCollection.Name)]
public sealed class SshTransportTests : ServicesTest
{
    private static DockerHostOptions Host(string user = "root", string? socket = null, int port = TestServices.SshPort, IReadOnlyList<string>? opts = null) =>
        new(TestServices.SshUrl(user, socket, port), SshOpts: opts ?? TestServices.SshOpts());

    private static async Task<string> OpenFailureAsync(DockerHostOptions host)
    {
        await using var connection = new DockerConnection(host);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync(CancellationToken.None));
        Assert.DoesNotContain('\n', error.Message.Trim());
        return error.Message;
    }

    [Fact]
    public async Task Unreachable_port_is_reported_naming_the_host()
    {
        var message = await OpenFailureAsync(Host(port: 2223));
        Assert.Contains("ssh://root@127.0.0.1:2223", message);
        Assert.Contains("host 127.0.0.1 port 2223 is unreachable", message);
    }

    [Fact]
    public async Task Refused_key_is_reported_as_authentication_refused()
    {
        var dir = Directory.CreateTempSubdirectory("infra-test-key-");
        try
        {
            var key = Path.Combine(dir.FullName, "other");
            Assert.True((await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])).Succeeded);
            var message = await OpenFailureAsync(Host(opts: TestServices.SshOpts(key: key)));
            Assert.Contains("authentication refused by 127.0.0.1 for user root", message);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task Unknown_host_key_is_reported_and_never_accepted()
    {
        var knownHosts = Path.GetTempFileName();
        try
        {
            var message = await OpenFailureAsync(Host(opts: TestServices.SshOpts(knownHosts: knownHosts)));
            Assert.Contains("the host key of 127.0.0.1 is unknown or has changed", message);
            Assert.Equal("", (await File.ReadAllTextAsync(knownHosts)).Trim());
        }
        finally { File.Delete(knownHosts); }
    }

    [Fact]
    public async Task Missing_docker_socket_on_the_remote_is_reported()
    {
        var message = await OpenFailureAsync(Host(socket: "/nonexistent/docker.sock"));
        Assert.Contains("no Docker engine socket at /nonexistent/docker.sock on 127.0.0.1", message);
    }

    [Fact]
    public async Task User_without_access_to_the_socket_gets_permission_denied()
    {
        var message = await OpenFailureAsync(Host(user: TestServices.NoDockerUser));
        Assert.Contains($"permission denied on /var/run/docker.sock for {TestServices.NoDockerUser} on 127.0.0.1", message);
    }

    [Fact]
    public async Task A_failed_connection_fails_the_up_with_the_same_line()
    {
        await using var stack = new TestStack("sshfail", Host(port: 2223));
        var (_, result) = await stack.TryUpAsync(root => _ = new Network("n", new NetworkArgs { Name = stack.Name("n") }, root));
        Assert.Contains("host 127.0.0.1 port 2223 is unreachable", TestStack.Failures(result));
    }

    [Fact]
    public async Task Stack_over_ssh_uses_one_login_and_shows_no_drift_after_refresh()
    {
        await using var stack = new TestStack("ssh", Host());
        var port = ContainerTests.FreePort();
        void Program(StackRoot root)
        {
            var preflight = new HostPreflight("preflight", new HostPreflightArgs { Ports = [port], MinFreeDiskMb = 1 }, root);
            var nets = new[] { "a", "b" }.Select(n => new Network(n, new NetworkArgs { Name = stack.Name(n) }, root)).ToList();
            var data = new Volume("data", new VolumeArgs { Name = stack.Name("data") }, root, new ResourceOptions { RetainOnDelete = false });
            _ = new Remote("hello", new CommandArgs { Create = "echo remote-$(id -un)" }, root);
            for (var i = 0; i < 3; i++)
                _ = new Container($"c{i}", new ContainerArgs
                {
                    Name = stack.Name($"c{i}"),
                    Image = TestServices.Image,
                    Command = ["sleep", "600"],
                    Init = true,
                    StopGraceSeconds = 1,
                    Ports = i == 0 ? [new ContainerPort { Internal = 80, External = port }] : null,
                    Networks = nets.Select(n => new ContainerNetwork { Name = n.NetworkName, Aliases = [$"c{i}-{n.Name}"] }).ToList(),
                    Mounts = [new ContainerMount { Source = data.VolumeName, Target = "/data" }],
                    Files = [new ContainerFile { Path = "/etc/hello", Content = Input<string>.Secret($"over ssh {i}"), Uid = 1000, Mode = "0600" }],
                }, root, preflight.Guard());
        }

        var logins = await LoginCountAsync();
        await stack.UpAsync(Program);
        Assert.Equal(1, await LoginCountAsync() - logins);
        Assert.Equal("remote-root", stack.Snapshot.Of("hello").Outputs["stdout"]!.GetValue<string>());
        Assert.Equal("1000 600 over ssh 2", await ContainerTests.Exec(stack.Name("c2"), "sh", "-c", "stat -c '%u %a' /etc/hello | tr -d '\\n'; printf ' '; cat /etc/hello"));

        logins = await LoginCountAsync();
        await stack.AssertNoDriftAsync(Program);
        Assert.Equal(1, await LoginCountAsync() - logins);
        Assert.True((await stack.DestroyAsync()).Succeeded);
        Assert.False((await TestServices.TryDockerAsync("container", "inspect", stack.Name("c0"))).Succeeded);
    }

    /// <summary>Every login of the test key to the test sshd is one line of its log.</summary>
    private static async Task<int> LoginCountAsync()
    {
        await Task.Delay(100); // sshd writes the line just after the handshake
        var log = Path.Combine(TestServices.SshDir, "sshd.log");
        return File.Exists(log) ? (await File.ReadAllLinesAsync(log)).Count(l => l.Contains("Accepted publickey", StringComparison.Ordinal)) : 0;
    }

    [Fact]
    public async Task Connection_runs_commands_over_the_master_and_cleans_up_on_dispose()
    {
        var target = Infra.Providers.Ssh.SshTarget.Parse(TestServices.SshUrl());
        var connection = await Infra.Providers.Ssh.SshConnection.OpenAsync(target, TestServices.SshOpts(), CancellationToken.None);
        var socket = await connection.ForwardUnixSocketAsync("/var/run/docker.sock", CancellationToken.None);
        var result = await connection.RunAsync("cat; echo \" $(id -un)\"", "from-stdin", CancellationToken.None);
        Assert.Equal("from-stdin root", result.Stdout.Trim());
        Assert.True(File.Exists(socket));
        await connection.DisposeAsync();
        Assert.False(Directory.Exists(Path.GetDirectoryName(socket)));
    }
}

[CollectionDefinition(Name)]
public sealed class SshCollection
{
    public const string Name = "ssh";
}
