namespace Infra.Providers.Docker;

/// <summary>How the Docker daemon answered a ping on a new connection.</summary>
public enum DaemonAnswer
{
    /// <summary>It answered the ping.</summary>
    Answers,

    /// <summary>No answer within the ping's bound: a busy daemon, not a dead one.</summary>
    Slow,

    /// <summary>Something answered with a server error (a daemon shutting down, a proxy whose daemon is gone).</summary>
    Failing,

    /// <summary>Refused, no socket, or the connection dropped before an answer: nothing is serving the API.</summary>
    Gone,
}
