namespace Infra.EndToEnd.Tests.Support;

/// <summary>The docker CLI, for making drift by hand and reading the host back. Only ever touches names with the test's prefix.</summary>
public static class DockerCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly AsyncLocal<string?> Host = new();

    public static Task<RunResult> RunAsync(params string[] args) =>
        ChildProcess.RunAsync("docker", args, Timeout, environment: Host.Value is { } host ? new Dictionary<string, string?> { ["DOCKER_HOST"] = host } : null);

    /// <summary>Sends the docker commands of this test (its async flow) to another daemon until disposed.</summary>
    public static IDisposable On(string dockerHost)
    {
        var before = Host.Value;
        Host.Value = dockerHost;
        return new Restore(before);
    }

    private sealed class Restore(string? before) : IDisposable
    {
        public void Dispose() => Host.Value = before;
    }

    /// <summary>Runs docker and fails the test when it fails.</summary>
    public static async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"docker command failed:\n{result}");
        return result.Stdout.Trim();
    }

    public static async Task<IReadOnlyList<string>> ContainersAsync(string prefix) =>
        Lines(await OkAsync("ps", "-a", "--format", "{{.Names}}")).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public static async Task<IReadOnlyList<string>> NetworksAsync(string prefix) =>
        Lines(await OkAsync("network", "ls", "--format", "{{.Name}}")).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public static async Task<IReadOnlyList<string>> VolumesAsync(string prefix) =>
        Lines(await OkAsync("volume", "ls", "--format", "{{.Name}}")).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public static Task<string> InspectAsync(string name, string format) => OkAsync("inspect", "-f", format, name);

    /// <summary>
    /// "running healthy" once Docker's own health check has passed, else the last "status health" seen: Docker runs the
    /// first check one interval (30 s) after start, while <c>up</c> returns as soon as the health command passes.
    /// </summary>
    public static async Task<string> DockerHealthAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var seen = await InspectAsync(name, "{{.State.Status}} {{.State.Health.Status}}");
            if (seen == "running healthy" || !seen.EndsWith(" starting", StringComparison.Ordinal) || DateTime.UtcNow > deadline) return seen;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Removes every container, network and volume whose name starts with <paramref name="prefix"/>; returns what it removed.</summary>
    public static async Task<IReadOnlyList<string>> PurgeAsync(string prefix)
    {
        if (!prefix.StartsWith("e2e", StringComparison.Ordinal) || prefix.Length < 6)
            throw new ArgumentException($"refusing to purge '{prefix}': only the tests' own e2e… prefixes", nameof(prefix));
        var removed = new List<string>();
        // A few rounds: dockerd frees a removed container's endpoints and volume references a moment later.
        for (var round = 0; round < 5; round++)
        {
            var failed = new List<string>();
            foreach (var c in await ContainersAsync(prefix))
                await RemoveAsync(removed, failed, $"container {c}", "rm", "-f", "-v", c);
            foreach (var n in await NetworksAsync(prefix))
                await RemoveAsync(removed, failed, $"network {n}", "network", "rm", n);
            foreach (var v in await VolumesAsync(prefix))
                await RemoveAsync(removed, failed, $"volume {v}", "volume", "rm", "-f", v);
            if (failed.Count == 0) return removed;
            if (round == 4) removed.AddRange(failed.Select(f => $"FAILED to remove {f}"));
            else await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return removed;
    }

    private static async Task RemoveAsync(List<string> removed, List<string> failed, string what, params string[] args)
    {
        var result = await RunAsync(args);
        if (result.ExitCode == 0) removed.Add(what);
        else failed.Add($"{what}: {result.Stderr.Trim()}");
    }

    public static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
