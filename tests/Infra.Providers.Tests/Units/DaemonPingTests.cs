using System.Net.Sockets;
using System.Text;
using Infra.Providers.Docker;

namespace Infra.Providers.Tests.Units;

/// <summary>A ping on a new connection, against unix sockets that behave as a dead, a silent or a failing daemon.</summary>
public sealed class DaemonPingTests : IDisposable
{
    private static readonly Version Api = new(1, 41);
    private readonly string _dir = Directory.CreateTempSubdirectory("infra-ping-").FullName;

    private string SocketPath => Path.Combine(_dir, "docker.sock");

    [Fact]
    public async Task No_socket_is_gone()
    {
        Assert.Equal(DaemonAnswer.Gone, await PingAsync());
    }

    [Fact]
    public async Task A_refused_connection_is_gone()
    {
        var refused = new DaemonPing(new Uri("tcp://127.0.0.1:1"), null, Api);
        Assert.Equal(DaemonAnswer.Gone, await refused.AnswerAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_connection_closed_before_an_answer_is_gone()
    {
        using var listener = Listen();
        var server = Task.Run(async () => { using var peer = await listener.AcceptAsync(); });
        Assert.Equal(DaemonAnswer.Gone, await PingAsync());
        await server;
    }

    [Fact]
    public async Task A_daemon_that_never_answers_is_slow_not_gone()
    {
        using var listener = Listen();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
        });
        // Nothing ever answers, so the verdict does not depend on how short the bound is.
        Assert.Equal(DaemonAnswer.Slow, await PingAsync(TimeSpan.FromSeconds(1)));
        await stop.CancelAsync();
        await server;
    }

    [Fact]
    public async Task A_server_error_is_failing()
    {
        using var listener = Listen();
        var server = Task.Run(() => AnswerOnceAsync(listener, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        Assert.Equal(DaemonAnswer.Failing, await PingAsync());
        await server;
    }

    [Fact]
    public async Task An_ok_answers()
    {
        using var listener = Listen();
        var server = Task.Run(() => AnswerOnceAsync(listener, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nOK"));
        Assert.Equal(DaemonAnswer.Answers, await PingAsync());
        await server;
    }

    private Task<DaemonAnswer> PingAsync(TimeSpan? bound = null) =>
        new DaemonPing(new Uri("unix://" + SocketPath), null, Api, bound).AnswerAsync(CancellationToken.None);

    private Socket Listen()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
        socket.Listen();
        return socket;
    }

    private static async Task AnswerOnceAsync(Socket listener, string response)
    {
        using var peer = await listener.AcceptAsync();
        var buffer = new byte[4096];
        var request = "";
        while (!request.Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await peer.ReceiveAsync(buffer);
            if (n == 0) return;
            request += Encoding.ASCII.GetString(buffer, 0, n);
        }
        await peer.SendAsync(Encoding.ASCII.GetBytes(response));
        peer.Shutdown(SocketShutdown.Both);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
