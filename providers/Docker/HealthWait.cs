using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// Waits for a started container to be ready: its own health command passes once when run through the exec API
/// (tried at once, then at intervals that grow with the wait, see <see cref="ExecInterval"/>), or Docker reports it
/// healthy, whichever comes first. Health checks
/// run at production intervals (30 s) would otherwise hold <c>up</c> for an interval per container. A failure says
/// why, with the last check's output.
/// </summary>
public static class HealthWait
{
    public const int DefaultTimeoutSeconds = 60;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ShortestExecInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestExecInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a run of the health command the next one comes, this long into the wait: an eighth of the wait
    /// so far, from 250 ms to 1 s. A service is then seen ready at most about 1/8 after it is, which matters on the
    /// critical path of a cold <c>up</c>, while a slow one is not checked more than once a second (an exec costs the
    /// host about 45 ms of CPU, taken from the services still starting).
    /// </summary>
    public static TimeSpan ExecInterval(TimeSpan waited) =>
        TimeSpan.FromTicks(Math.Clamp(waited.Ticks / 8, ShortestExecInterval.Ticks, LongestExecInterval.Ticks));
    private static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    public static async Task UntilHealthyAsync(IDockerClient client, string id, string name, ContainerHealthcheck? healthcheck, int timeoutSeconds,
        IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var command = HealthExec.Command(healthcheck?.Test);
        var commandTimeout = healthcheck?.TimeoutSeconds is { } t && t > 0 ? TimeSpan.FromSeconds(t) : DefaultCommandTimeout;
        TimeSpan? lastExec = null;
        HealthExec.Result? lastResult = null;
        string? lastStatus = null;
        while (true)
        {
            var live = await client.Containers.InspectContainerAsync(id, ct);
            var state = live.State ?? new State();
            var health = state.Health;
            if (health is null) throw new DockerOperationException($"container '{name}' has no healthcheck to wait for");
            if (health.Status == "healthy") return;
            if (!state.Running && !state.Restarting)
                throw new DockerOperationException($"container '{name}' exited with code {state.ExitCode} while waiting to become healthy{LastCheck(health, lastResult)}{await LastLogAsync(client, id, ct)}");
            if (health.Status != lastStatus) progress?.Report($"waiting for {name} to become healthy ({health.Status})");
            lastStatus = health.Status;
            if (command is not null && state.Running && (lastExec is null || clock.Elapsed - lastExec >= ExecInterval(clock.Elapsed)))
            {
                lastExec = clock.Elapsed;
                lastResult = await HealthExec.RunAsync(client, id, command, commandTimeout, ct);
                if (lastResult.Passed) return;
            }
            if (clock.Elapsed.TotalSeconds >= timeoutSeconds)
                throw new DockerOperationException($"container '{name}' did not become healthy within {timeoutSeconds}s (status {health.Status})"
                    + $"{Restarts(live)}{LastCheck(health, lastResult)}{await LastLogAsync(client, id, ct)}");
            await Task.Delay(Poll, ct);
        }
    }

    private static string LastCheck(Health health, HealthExec.Result? exec) =>
        health.Log is { Count: > 0 } log
            ? $"; last health check exited {log[^1].ExitCode}: {OneLine(log[^1].Output)}"
            : exec is not null
                ? $"; last health check failed: {OneLine(exec.Output)}"
                : "; no health check has run yet";

    /// <summary>A service that keeps crashing (data it cannot open, a password that no longer matches) says so.</summary>
    private static string Restarts(ContainerInspectResponse live) =>
        live.RestartCount > 0 ? $"; it exited and was restarted {live.RestartCount} times (last exit code {live.State?.ExitCode})" : "";

    /// <summary>The container's last log lines, where the reason it exits usually is.</summary>
    private static async Task<string> LastLogAsync(IDockerClient client, string id, CancellationToken ct)
    {
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "5" }, ct);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
            var lines = string.Join('\n', stdout, stderr).Trim();
            return lines.Length == 0 ? "" : $"; its last log lines: {OneLine(lines)}";
        }
        catch (Exception e) when (e is DockerApiException or IOException or HttpRequestException) { return ""; }
    }

    private static string OneLine(string? text)
    {
        var s = string.Join(" | ", (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return s.Length > 500 ? s[..500] + "…" : s.Length == 0 ? "(no output)" : s;
    }
}
