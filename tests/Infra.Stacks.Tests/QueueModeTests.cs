using System.Text.Json.Nodes;
using Infra.Components.Catalog;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>n8n in queue mode: the main instance and its workers agree on the queue, the database and the key (issue 10, item 1).</summary>
public sealed class QueueModeTests
{
    private static IReadOnlyList<string> Workers(StackBuild build, string prefix) =>
        build.ContainerNames.Where(n => n.StartsWith(prefix + "n8n-worker-", StringComparison.Ordinal)).Order().ToList();

    [Theory]
    [InlineData("standard", "")]
    [InlineData("multi-tenant", "azoth-")]
    [InlineData("multi-tenant", "koff-")]
    public void Main_and_worker_share_queue_mode_database_redis_key_image_and_networks(string variant, string prefix)
    {
        var build = StackBuild.Of(variant);
        var main = build.Container($"{prefix}n8n");
        var worker = build.Container($"{prefix}n8n-worker-1");
        var (mainEnv, workerEnv) = (StackBuild.Env(main), StackBuild.Env(worker));

        Assert.Equal("queue", mainEnv["EXECUTIONS_MODE"]!.GetValue<string>());
        Assert.Equal("queue", workerEnv["EXECUTIONS_MODE"]!.GetValue<string>());
        foreach (var key in new[] { "DB_TYPE", "DB_POSTGRESDB_HOST", "DB_POSTGRESDB_PORT", "DB_POSTGRESDB_DATABASE", "DB_POSTGRESDB_USER",
                     "DB_POSTGRESDB_PASSWORD", "QUEUE_BULL_REDIS_HOST", "QUEUE_BULL_REDIS_PORT", "QUEUE_BULL_REDIS_PASSWORD", "N8N_ENCRYPTION_KEY" })
            Assert.Equal(mainEnv[key]!.ToJsonString(), workerEnv[key]!.ToJsonString());
        Assert.Equal(["worker"], worker.Inputs["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(main.Inputs["command"]);
        Assert.Equal(main.Inputs["image"]!.ToJsonString(), worker.Inputs["image"]!.ToJsonString());
        Assert.Equal(build.NetworksOf($"{prefix}n8n"), build.NetworksOf($"{prefix}n8n-worker-1"));
        Assert.Null(worker.Inputs["ports"]);
        Assert.Null(worker.Inputs["mounts"]);
    }

    [Theory]
    [InlineData("standard", "")]
    [InlineData("multi-tenant", "maximus-")]
    public void The_workers_health_check_is_n8ns_readiness_that_needs_the_database_and_redis(string variant, string prefix)
    {
        var worker = StackBuild.Of(variant).Container($"{prefix}n8n-worker-1");
        var env = StackBuild.Env(worker);

        Assert.Equal("true", env["QUEUE_HEALTH_CHECK_ACTIVE"]!.GetValue<string>());
        Assert.Equal("5678", env["QUEUE_HEALTH_CHECK_PORT"]!.GetValue<string>());
        Assert.Equal(["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:5678/healthz/readiness"],
            worker.Inputs["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("n8n-worker", worker.Inputs["labels"]!["org.infra.service"]!.GetValue<string>());
        Assert.Equal("n8n", ServiceCatalog.N8nWorker.ImageKey);
    }

    [Fact]
    public void One_worker_by_default_and_as_many_as_infra_n8nWorkers_says()
    {
        Assert.Equal(["n8n-worker-1"], Workers(StackBuild.Of("standard"), ""));
        var three = StackBuild.Build(StackBuild.Config(("infra:n8nWorkers", 3L)));
        Assert.Equal(["n8n-worker-1", "n8n-worker-2", "n8n-worker-3"], Workers(three, ""));
        var sixteen = StackBuild.Build(StackBuild.Config(("infra:n8nWorkers", 16L)));
        Assert.Equal(16, Workers(sixteen, "").Count);
    }

    [Fact]
    public void A_tenant_may_run_its_own_number_of_workers()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:multiTenant", true), ("infra:n8nWorkers", 2L),
            ("infra:tenantSettings", new JsonObject { ["koff"] = new JsonObject { ["n8nWorkers"] = 4L } })));

        Assert.Equal(2, Workers(build, "azoth-").Count);
        Assert.Equal(2, Workers(build, "maximus-").Count);
        Assert.Equal(4, Workers(build, "koff-").Count);
    }
}
