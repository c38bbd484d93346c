namespace Infra.EndToEnd.Tests.Support;

/// <summary>Runs an <c>infra</c> command of a stack and kills its whole process tree with SIGKILL at a chosen moment.</summary>
public static class InfraKill
{
    /// <summary>The line a run prints on stderr when <c>INFRA_TEST_PAUSE_AT</c> stops it (<c>infra/Sessions/TestPausePoint.cs</c>).</summary>
    public const string PauseVariable = "INFRA_TEST_PAUSE_AT";

    /// <summary>Starts <c>infra ARGS</c>, waits for <paramref name="until"/>, then kills the process tree with SIGKILL.</summary>
    public static async Task<RunResult> KillAsync(TestStack stack, string when, Func<RunningProcess, Task> until, string[] args,
        IReadOnlyDictionary<string, string?>? variables = null)
    {
        using var run = stack.StartInfraWith(variables ?? new Dictionary<string, string?>(), args);
        try { await until(run); }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            run.KillTree();
            throw new InvalidOperationException($"`infra {string.Join(' ', args)}` never reached the moment to kill it ({when}): {e.Message}");
        }
        Assert.False(run.HasExited, $"`infra {string.Join(' ', args)}` ended before it could be killed {when}:\n{run.OutputSoFar}");
        run.KillTree();
        var killed = await run.WaitAsync(TimeSpan.FromSeconds(30));
        stack.Record(killed, [.. args, $"(SIGKILL {when})"]);
        Assert.NotEqual(0, killed.ExitCode);
        return killed;
    }

    /// <summary>Kills the run once it prints a line that matches.</summary>
    public static Task<RunResult> AtLineAsync(TestStack stack, string when, Func<string, bool> line, params string[] args) =>
        KillAsync(stack, when, run => run.WaitForLineAsync(line, TimeSpan.FromMinutes(4)), args);

    /// <summary>Kills the run paused at a test-only point (<c>INFRA_TEST_PAUSE_AT=point[@N]</c>).</summary>
    public static Task<RunResult> AtPauseAsync(TestStack stack, string point, params string[] args)
    {
        var name = point.Split('@')[0];
        return KillAsync(stack, $"paused at {point}", run => run.WaitForLineAsync(l => l == $"paused at {name}", TimeSpan.FromMinutes(4)), args,
            new Dictionary<string, string?> { [PauseVariable] = point });
    }
}
