using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Infra.Engine.Providers;
using Infra.Providers.Docker;

namespace Infra.Providers.Tests.Units;

/// <summary>Whose failure a failed Docker call is: the host's (one line naming it, outcome unknown) or the object's.</summary>
public sealed class HostFailureTests
{
    private static readonly Exception StoreErrorWhileShuttingDown = new DockerOperationException(
        "starting container 'web': failed to update store for object type *libnetwork.endpoint: open : no such file or directory",
        new DockerApiException(HttpStatusCode.InternalServerError, """{"message":"failed to update store for object type *libnetwork.endpoint: open : no such file or directory"}"""));

    private static readonly Exception NoSuchImage = new DockerOperationException(
        "creating container 'web': No such image: nope:latest",
        new DockerApiException(HttpStatusCode.NotFound, """{"message":"No such image: nope:latest"}"""));

    public static TheoryData<Exception, DaemonAnswer, bool> Cases => new()
    {
        // The daemon's own error, then nothing serves the API: it was shutting down.
        { StoreErrorWhileShuttingDown, DaemonAnswer.Gone, true },
        { StoreErrorWhileShuttingDown, DaemonAnswer.Failing, true },
        { new ResourceInitFailedException("0123abcd", [], "container 'web' exited with code 143 while waiting to become healthy"), DaemonAnswer.Gone, true },
        // The same errors from a daemon that still answers, or is only slow to: about the object, reported as such.
        { StoreErrorWhileShuttingDown, DaemonAnswer.Answers, false },
        { StoreErrorWhileShuttingDown, DaemonAnswer.Slow, false },
        { NoSuchImage, DaemonAnswer.Answers, false },
        { NoSuchImage, DaemonAnswer.Slow, false },
        // A lost connection is the host's failure whatever a ping says now (the daemon may be back already).
        { new HttpRequestException("Connection refused (docker.sock:80)", new SocketException((int)SocketError.ConnectionRefused)), DaemonAnswer.Answers, true },
        { new IOException("Broken pipe", new SocketException((int)SocketError.Shutdown)), DaemonAnswer.Answers, true },
        { new DockerHostException("unix:///var/run/docker.sock: the Docker engine does not answer"), DaemonAnswer.Answers, true },
        // A cancelled run is nobody's failure.
        { new OperationCanceledException(), DaemonAnswer.Gone, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_failure_is_the_hosts_when_the_connection_was_lost_or_the_daemon_no_longer_answers(Exception error, DaemonAnswer afterwards, bool hosts)
    {
        Assert.Equal(hosts, HostFailure.IsHostFailure(error, afterwards));
    }

    [Fact]
    public void Only_errors_the_daemon_or_the_object_gave_need_a_ping()
    {
        Assert.True(HostFailure.NeedsPing(StoreErrorWhileShuttingDown));
        Assert.True(HostFailure.NeedsPing(NoSuchImage));
        Assert.False(HostFailure.NeedsPing(new HttpRequestException("refused")));
        Assert.False(HostFailure.NeedsPing(new DockerHostException("gone")));
        Assert.False(HostFailure.NeedsPing(new TaskCanceledException()));
    }

    public static TheoryData<Exception, DaemonAnswer> PingErrors => new()
    {
        { new OperationCanceledException(), DaemonAnswer.Slow },
        { new DockerApiException(HttpStatusCode.ServiceUnavailable, "daemon is shutting down"), DaemonAnswer.Failing },
        { new DockerApiException(HttpStatusCode.BadGateway, "upstream gone"), DaemonAnswer.Failing },
        { new DockerApiException(HttpStatusCode.NotFound, "page not found"), DaemonAnswer.Answers },
        { new HttpRequestException("No such file or directory (docker.sock:80)", new SocketException((int)SocketError.AddressNotAvailable)), DaemonAnswer.Gone },
        { new HttpRequestException("The response ended prematurely."), DaemonAnswer.Gone },
        { new SocketException((int)SocketError.ConnectionRefused), DaemonAnswer.Gone },
    };

    [Theory]
    [MemberData(nameof(PingErrors))]
    public void A_failed_ping_says_slow_failing_or_gone(Exception pingError, DaemonAnswer answer)
    {
        Assert.Equal(answer, DaemonPing.AnswerOf(pingError));
    }
}
