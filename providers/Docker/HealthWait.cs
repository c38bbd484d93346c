using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>Waits for a started container's healthcheck to pass; a failure says why, with the last check's output.</summary>
public static class HealthWait
{
    public const int DefaultTimeoutSeconds = 60;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task UntilHealthyAsync(IDockerClient client, string id, string name, int timeoutSeconds, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string? lastStatus = null;
        while (true)
        {
            var live = await client.Containers.InspectContainerAsync(id, ct);
            var state = live.State ?? new State();
            var health = state.Health;
            if (health is null) throw new DockerOperationException($"container '{name}' has no healthcheck to wait for");
            if (health.Status == "healthy") return;
            if (!state.Running && !state.Restarting)
                throw new DockerOperationException($"container '{name}' exited with code {state.ExitCode} while waiting to become healthy{LastCheck(health)}");
            if (health.Status != lastStatus) progress?.Report($"waiting for {name} to become healthy ({health.Status})");
            lastStatus = health.Status;
            if (clock.Elapsed.TotalSeconds >= timeoutSeconds)
                throw new DockerOperationException($"container '{name}' did not become healthy within {timeoutSeconds}s (status {health.Status}){LastCheck(health)}");
            await Task.Delay(Poll, ct);
        }
    }

    private static string LastCheck(Health health) =>
        health.Log is { Count: > 0 } log
            ? $"; last health check exited {log[^1].ExitCode}: {OneLine(log[^1].Output)}"
            : "; no health check has run yet";

    private static string OneLine(string? text)
    {
        var s = string.Join(" | ", (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return s.Length > 500 ? s[..500] + "…" : s.Length == 0 ? "(no output)" : s;
    }
}
