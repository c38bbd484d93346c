using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// n8n as the architecture document has it, on real n8n (the demo's infra-demo/n8n is n8n from the npm registry):
/// queue mode against the stack's Postgres and Redis with a worker, and a path to embed-service and Qdrant.
/// </summary>
public sealed partial class StandardStackTests
{
    [Fact]
    public async Task Real_n8n_runs_in_queue_mode_and_its_worker_is_ready_against_the_stacks_postgres_and_redis()
    {
        var (main, worker) = (_stack.Container("n8n"), _stack.Container("n8n-worker-1"));
        Assert.Equal("false", await DockerCli.InspectAsync(main, "{{index .Config.Labels \"org.infra.standin\"}}"));
        // No command: the image's entrypoint starts the main instance; the worker runs `n8n worker`.
        Assert.Contains(await DockerCli.InspectAsync(main, "{{json .Config.Cmd}}"), new[] { "null", "[]" });
        Assert.Equal("[\"worker\"]", await DockerCli.InspectAsync(worker, "{{json .Config.Cmd}}"));
        foreach (var container in new[] { main, worker })
            Assert.Contains("EXECUTIONS_MODE=queue", await DockerCli.InspectAsync(container, "{{json .Config.Env}}"));

        // The worker's own health endpoint (QUEUE_HEALTH_CHECK_ACTIVE) says ready: Postgres and Redis connected.
        var readiness = await DockerCli.RunAsync("exec", main, "wget", "-q", "-O", "-", $"http://{worker}:5678/healthz/readiness");
        Assert.True(readiness.ExitCode == 0, readiness.ToString());
        Assert.Contains("\"ok\"", readiness.Stdout);

        // Bull's keys in the stack's Redis: n8n's queue lives there.
        var password = (await _stack.SecretsAsync())["redis-password"];
        await Asserts.EventuallyAsync(TimeSpan.FromSeconds(90), async () =>
        {
            var keys = await DockerCli.RunAsync("exec", _stack.Container("redis"), "redis-cli", "--no-auth-warning", "-a", password, "--scan", "--pattern", "bull:*");
            return keys.ExitCode == 0 && keys.Stdout.Contains("bull:jobs:", StringComparison.Ordinal) ? null : $"no bull:jobs:* key in Redis: {keys}";
        });
    }

    [Fact]
    public async Task N8n_reaches_embed_service_and_qdrant_by_name()
    {
        var main = _stack.Container("n8n");
        foreach (var url in new[] { "http://embed-service:8000/healthz", "http://qdrant:6333/healthz" })
        {
            var get = await DockerCli.RunAsync("exec", main, "wget", "-q", "-O", "/dev/null", url);
            Assert.True(get.ExitCode == 0, $"{url} from n8n: {get}");
        }
    }

    /// <summary>Production cadence: Docker runs each health check every 30 s (up waits by running it itself).</summary>
    [Fact]
    public async Task Every_container_has_its_health_checked_every_30_seconds()
    {
        foreach (var container in _stack.ExpectedContainers)
            Assert.Equal($"{container} 30s 10s 3", $"{container} {await DockerCli.InspectAsync(container, "{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Timeout}} {{.Config.Healthcheck.Retries}}")}");
    }
}
