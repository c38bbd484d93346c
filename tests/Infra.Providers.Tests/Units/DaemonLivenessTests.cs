using Infra.Providers.Docker;

namespace Infra.Providers.Tests.Units;

/// <summary>Calls that fail together share one ping; a failure after a ping started gets a new one.</summary>
public sealed class DaemonLivenessTests
{
    [Fact]
    public async Task Failures_seen_before_a_ping_started_share_it()
    {
        var pings = 0;
        var answer = new TaskCompletionSource<DaemonAnswer>();
        var liveness = new DaemonLiveness(_ => { Interlocked.Increment(ref pings); return answer.Task; });

        var failedAt = DaemonLiveness.Now();
        var waits = Enumerable.Range(0, 5).Select(_ => liveness.AfterFailureAsync(failedAt, CancellationToken.None)).ToList();
        answer.SetResult(DaemonAnswer.Gone);

        Assert.All(await Task.WhenAll(waits), a => Assert.Equal(DaemonAnswer.Gone, a));
        Assert.Equal(1, pings);
    }

    [Fact]
    public async Task A_failure_after_a_ping_started_gets_a_new_ping()
    {
        var answers = new Queue<DaemonAnswer>([DaemonAnswer.Answers, DaemonAnswer.Gone]);
        var liveness = new DaemonLiveness(_ => Task.FromResult(answers.Dequeue()));

        Assert.Equal(DaemonAnswer.Answers, await liveness.AfterFailureAsync(DaemonLiveness.Now(), CancellationToken.None));
        // The clock is monotonic: a moment taken after a pause is later than the first ping's start.
        await Task.Delay(TimeSpan.FromMilliseconds(5));
        Assert.Equal(DaemonAnswer.Gone, await liveness.AfterFailureAsync(DaemonLiveness.Now(), CancellationToken.None));
        Assert.Empty(answers);
    }
}
