using System.Diagnostics;
using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>Scenario 6: two <c>up</c> at once on one stack.</summary>
[Collection(E2eCollection.Name)]
public sealed class LockTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Second_up_while_one_runs_fails_at_once_naming_the_lock_holder()
    {
        await using var stack = TestStack.Create(output: output);
        using var first = stack.StartInfra("up", "--yes");
        // up takes the lock before it plans: once the preview is printed, the lock is held.
        await first.WaitForLineAsync(l => l.StartsWith("Previewing update", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        var clock = Stopwatch.StartNew();
        var second = await stack.InfraAsync("up", "--yes");
        clock.Stop();
        Assert.False(first.HasExited, $"the first up ended before the second one was refused:\n{first.OutputSoFar}");
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("locked", second.Stderr);
        Assert.Contains($"pid {first.Id}", second.Stderr);
        Assert.Contains("infra up", second.Stderr);
        Assert.DoesNotContain("Updating (", second.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"refused only after {clock.Elapsed.TotalSeconds:0.0}s");

        var firstResult = await first.WaitAsync(TimeSpan.FromMinutes(6));
        stack.Record(firstResult, ["up", "--yes", "(the first one)"]);
        Assert.True(firstResult.ExitCode == 0, firstResult.ToString());
        await stack.AssertConvergedAsync();
    }
}
