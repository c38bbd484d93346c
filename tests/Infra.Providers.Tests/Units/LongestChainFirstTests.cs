using Infra.Providers.Docker;

namespace Infra.Providers.Tests.Units;

/// <summary>The order of one run's creations at the daemon: the longest chain waiting on a creation goes first.</summary>
public sealed class LongestChainFirstTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_creation_waits_while_one_with_a_longer_chain_is_under_way_and_goes_once_it_is_done()
    {
        var order = new LongestChainFirst();
        var critical = await order.EnterAsync(3, CancellationToken.None);

        var leaf = order.EnterAsync(0, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(leaf.IsCompleted);

        critical.Dispose();
        (await leaf.WaitAsync(Long)).Dispose();
    }

    [Fact]
    public async Task Creations_with_equal_chains_go_together_and_a_waiting_longer_chain_holds_back_shorter_ones()
    {
        var order = new LongestChainFirst();
        var first = await order.EnterAsync(1, CancellationToken.None);
        var second = await order.EnterAsync(1, CancellationToken.None).WaitAsync(Long);

        // A longer chain is not held back by shorter ones already under way (they cannot be stopped), and while
        // it is there a shorter one waits.
        var longer = await order.EnterAsync(2, CancellationToken.None).WaitAsync(Long);
        var shorter = order.EnterAsync(1, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(shorter.IsCompleted);

        first.Dispose();
        second.Dispose();
        Assert.False(shorter.IsCompleted);
        longer.Dispose();
        longer.Dispose(); // twice is harmless
        (await shorter.WaitAsync(Long)).Dispose();
    }

    [Fact]
    public async Task A_creation_cancelled_while_waiting_throws_and_no_longer_holds_back_others()
    {
        var order = new LongestChainFirst();
        var critical = await order.EnterAsync(5, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = order.EnterAsync(2, cancel.Token);
        var leaf = order.EnterAsync(0, CancellationToken.None);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Long));
        critical.Dispose();

        // Had the cancelled entry stayed, the leaf would wait on it for ever.
        (await leaf.WaitAsync(Long)).Dispose();
    }
}
