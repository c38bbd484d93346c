using System.Net;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;

namespace Infra.Providers.Docker;

/// <summary>
/// Pings the daemon over a connection of its own. Never over the run's pooled connections: a dockerd that got
/// SIGTERM closes its listener (and removes its socket) at once, but goes on serving the connections already open,
/// ping included, while it fails the calls on them with its own errors as it shuts down.
/// </summary>
/// <param name="bound">How long a ping may take before the daemon counts as slow (10 s unless given).</param>
public sealed class DaemonPing(Uri endpoint, IAuthProvider? tls, Version api, TimeSpan? bound = null)
{
    public TimeSpan Bound { get; } = bound ?? TimeSpan.FromSeconds(10);

    public async Task<DaemonAnswer> AnswerAsync(CancellationToken ct)
    {
        using var client = DockerClients.Create(endpoint, tls, api);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Bound);
        try
        {
            await client.System.PingAsync(deadline.Token);
            return DaemonAnswer.Answers;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return AnswerOf(e);
        }
    }

    /// <summary>What a failed ping says about the daemon; a cancellation is the ping's own bound running out.</summary>
    public static DaemonAnswer AnswerOf(Exception pingError) => pingError switch
    {
        OperationCanceledException => DaemonAnswer.Slow,
        DockerApiException { StatusCode: >= HttpStatusCode.InternalServerError } => DaemonAnswer.Failing,
        DockerApiException => DaemonAnswer.Answers,
        _ => DaemonAnswer.Gone,
    };
}
