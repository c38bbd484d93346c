using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// Waits until a service runs its replicas of the current spec, as Swarm reports them: a task with a health check only
/// reaches "running" once its container is healthy, on whichever node it runs (the exec-based readiness of one host does
/// not reach tasks elsewhere). A failed task is retried by Swarm; the wait fails with the last task error when time runs out,
/// or at once when Swarm rolled the update back.
/// </summary>
public static class ServiceReadiness
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    public static async Task UntilRunningAsync(IDockerClient client, string id, string name, string specHash, int replicas, int timeoutSeconds,
        IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        string? lastError = null;
        while (true)
        {
            var service = await client.Swarm.InspectServiceAsync(id, ct);
            if (service.UpdateStatus?.State is "rollback_completed" or "rollback_paused" or "paused")
                throw new DockerOperationException($"service '{name}': update {service.UpdateStatus.State.Replace('_', ' ')}: {service.UpdateStatus.Message}");
            var tasks = await ListTasksAsync(client, id, ct);
            var current = tasks.Where(t => LabelOf(t) == specHash).ToList();
            var running = current.Count(IsRunning);
            lastError = LastError(current) ?? lastError;
            if (running >= replicas && service.UpdateStatus?.State is null or "completed") return;
            if (clock.Elapsed.TotalSeconds > timeoutSeconds)
                throw new DockerOperationException($"service '{name}': {running} of {replicas} replicas running after {timeoutSeconds} s"
                    + (lastError is null ? "" : $"; last task error: {lastError}")
                    + (await LastLogLineAsync(client, id, ct) is { } line ? $"; last log line: {line}" : ""));
            if (clock.Elapsed - lastReport >= ProgressEvery)
            {
                lastReport = clock.Elapsed;
                progress?.Report($"waiting for {name}: {running} of {replicas} replicas running ({(int)clock.Elapsed.TotalSeconds} s)");
            }
            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>What the program said last ("permission denied" on a secret says more than "non-zero exit (1)"); null when nothing.</summary>
    private static async Task<string?> LastLogLineAsync(IDockerClient client, string id, CancellationToken ct)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            using var stream = await client.Swarm.GetServiceLogsAsync(id, false,
                new ServiceLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "5" }, deadline.Token);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(deadline.Token);
            return (stderr.Trim().Length > 0 ? stderr : stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException or IOException) { return null; }
    }

    /// <summary>Running and meant to: a task Swarm is replacing (its node down) may still read "running".</summary>
    public static bool IsRunning(TaskResponse t) => t.DesiredState == TaskState.Running && t.Status?.State == TaskState.Running;

    /// <summary>The error of the task that failed last, or null.</summary>
    public static string? LastError(IEnumerable<TaskResponse> tasks) =>
        tasks.Where(t => !string.IsNullOrEmpty(t.Status?.Err)).OrderBy(t => t.Status!.Timestamp).LastOrDefault()?.Status?.Err;

    private static string? LabelOf(TaskResponse t) =>
        t.Spec?.ContainerSpec?.Labels is { } labels && labels.TryGetValue(ServiceSpecs.SpecHashLabel, out var hash) ? hash : null;

    public static async Task<IList<TaskResponse>> ListTasksAsync(IDockerClient client, string serviceId, CancellationToken ct) =>
        await client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } },
        }, ct);

    /// <summary>After a remove, until no task of the service has a container left (its networks can then go).</summary>
    public static async Task UntilGoneAsync(IDockerClient client, string serviceId, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            // Not filtered by service: the filter refuses a service that no longer exists, while its tasks wind down.
            var tasks = (await client.Tasks.ListAsync(ct)).Where(t => t.ServiceID == serviceId).ToList();
            if (tasks.All(t => t.Status?.State is TaskState.Complete or TaskState.Shutdown or TaskState.Failed or TaskState.Rejected or TaskState.Orphaned or TaskState.Remove)
                || tasks.Count == 0) return;
            await Task.Delay(Poll, ct);
        }
    }
}
