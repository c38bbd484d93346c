using Infra.Providers.Ssh;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Ssh;

/// <summary>The state backend's remote shell against the test sshd, on a login that runs it as its own session.</summary>
[Collection(SshCollection.Name)]
public sealed class RemoteShellTests : ServicesTest
{
    [Fact]
    public async Task A_script_cut_short_on_the_logins_own_shell_leaves_the_login_and_its_forward_working_and_the_next_script_runs()
    {
        var target = SshTarget.Parse(TestServices.SshUrl());
        await using var connection = await SshConnection.OpenAsync(target, TestServices.SshOpts(), CancellationToken.None,
            "/var/run/docker.sock", RemoteShell.Command);
        await using var shell = new RemoteShell(connection);

        var first = await shell.RunAsync("echo \"$1 $$\"", ["first"], null, CancellationToken.None);
        Assert.Equal(0, first.ExitCode);
        var loginShellPid = first.Stdout.Split(' ')[1];

        using var cut = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shell.RunAsync("echo started; sleep 5; echo late", [], null, cut.Token));

        var next = await shell.RunAsync("read -r line; echo \"$line $$\"", [], "input", CancellationToken.None);
        Assert.Equal(0, next.ExitCode);
        Assert.True(next.Stdout.StartsWith("input ", StringComparison.Ordinal), $"stdout: [{next.Stdout}] stderr: [{next.Stderr}]");
        Assert.NotEqual(loginShellPid, next.Stdout.Split(' ')[^1]);
        // The login was not ended with the shell it ran: its Docker socket forward still answers.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(connection.InitialForward!), ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        Assert.Equal("OK", await http.GetStringAsync("http://docker/_ping"));
    }
}
