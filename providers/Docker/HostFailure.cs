using System.Net.Sockets;

namespace Infra.Providers.Docker;

/// <summary>
/// Tells a failure of the Docker host from a failure of the object a call was about. A call that lost its
/// connection is the host's failure. A call the daemon failed with an error of its own (or whose container died) is
/// the host's only if the daemon stopped answering right after: a daemon shutting down fails the calls in flight
/// with store and start errors before it goes, while the same error from a healthy daemon is about the object.
/// </summary>
public static class HostFailure
{
    /// <summary>The call never reached the daemon or lost it mid-way (refused, no socket, connection dropped).</summary>
    public static bool IsLostConnection(Exception error) =>
        error is HttpRequestException or SocketException || (error is IOException && error.InnerException is SocketException);

    /// <summary>Whether to ask the daemon if it still answers before deciding whose failure this is.</summary>
    public static bool NeedsPing(Exception error) =>
        error is not (OperationCanceledException or DockerHostException) && !IsLostConnection(error);

    /// <summary>Whose failure it is, given how the daemon answered a ping right after: a slow daemon is not a dead one.</summary>
    public static bool IsHostFailure(Exception error, DaemonAnswer answerAfterwards) =>
        error is DockerHostException || IsLostConnection(error)
        || (NeedsPing(error) && answerAfterwards is DaemonAnswer.Gone or DaemonAnswer.Failing);
}
