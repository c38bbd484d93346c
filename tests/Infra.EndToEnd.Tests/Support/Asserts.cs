using System.Text.RegularExpressions;

namespace Infra.EndToEnd.Tests.Support;

public static partial class Asserts
{
    [GeneratedRegex(@"^\s+(\+-|\+|~|-)\s*\d+ (to create|created|to update|updated|to replace|replaced|to delete|deleted)\s*$", RegexOptions.Multiline)]
    private static partial Regex ChangeCount();

    [GeneratedRegex(@"^\s+(\d+) unchanged\s*$", RegexOptions.Multiline)]
    private static partial Regex UnchangedCount();

    /// <summary>The run's summary says every resource is unchanged (and how many there are).</summary>
    public static int AllUnchanged(RunResult result)
    {
        Assert.False(ChangeCount().IsMatch(result.Stdout), $"expected no change, got:\n{result}");
        var unchanged = UnchangedCount().Matches(result.Stdout);
        Assert.True(unchanged.Count > 0, $"expected an 'N unchanged' summary:\n{result}");
        return int.Parse(unchanged[^1].Groups[1].Value);
    }

    /// <summary>Polls until <paramref name="check"/> returns null (success) or the time is up; fails with its last answer.</summary>
    public static async Task EventuallyAsync(TimeSpan within, Func<Task<string?>> check, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        string? last;
        while (true)
        {
            try { last = await check(); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { last = $"{e.GetType().Name}: {e.Message}"; }
            if (last is null) return;
            if (DateTime.UtcNow >= deadline) break;
            await Task.Delay(every ?? TimeSpan.FromSeconds(2));
        }
        Assert.Fail($"not true within {within.TotalSeconds:0}s: {last}");
    }
}
