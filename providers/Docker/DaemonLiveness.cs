using System.Diagnostics;

namespace Infra.Providers.Docker;

/// <summary>
/// Whether the daemon still answers after a call failed. One ping answers for every failure seen before it started,
/// so the calls a shutting-down daemon fails together (parallel creates) wait for one answer, not one ping each.
/// A ping that started before a failure says nothing about it: that failure gets a new one.
/// </summary>
public sealed class DaemonLiveness(Func<CancellationToken, Task<DaemonAnswer>> ping)
{
    private readonly object _gate = new();
    private Task<DaemonAnswer>? _latest;
    private long _latestStartedAt;

    /// <summary>A moment to pass to <see cref="AfterFailureAsync"/>: take it when the call's failure is caught.</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    public Task<DaemonAnswer> AfterFailureAsync(long failedAt, CancellationToken ct)
    {
        Task<DaemonAnswer> answer;
        lock (_gate)
        {
            if (_latest is null || _latestStartedAt < failedAt)
            {
                _latestStartedAt = Now();
                // Shared by callers with different tokens: the ping is bounded by its own deadline, each wait by its caller's.
                _latest = ping(CancellationToken.None);
            }
            answer = _latest;
        }
        return answer.WaitAsync(ct);
    }
}
