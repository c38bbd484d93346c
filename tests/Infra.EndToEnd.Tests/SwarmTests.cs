using System.Diagnostics;
using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// Issue 15: the multi-tenant stack on a real three-node swarm (<c>.ci/swarm-up.sh</c>). The stateful services are pinned
/// to node2 (label <c>infra.stateful=true</c>); node3 holds no label and is lost mid-test.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class SwarmTests(ITestOutputHelper output)
{
    private const string DataNode = "node2";
    private const string LostNode = "node3";
    private static readonly string[] Stateful =
        ["ta-postgres", "ta-redis", "ta-mosquitto", "ta-n8n", "tb-postgres", "tb-redis", "tb-mosquitto", "tb-n8n", "qdrant", "minio", "prometheus", "grafana"];
    private static readonly string[] Stateless = ["ai-proxy", "embed-service", "jeux-text", "strudel", "ta-n8n-worker", "tb-n8n-worker"];

    [Fact]
    public async Task Multi_tenant_stack_on_three_nodes_keeps_serving_when_a_worker_is_lost_and_up_converges_again()
    {
        var manager = await SwarmCluster.StartAsync(ExtraDockerd.StackImages);
        await SwarmCluster.LabelAsync(DataNode, "infra.stateful=true");
        var dataNode = await SwarmCluster.AddressAsync(DataNode);
        using var onManager = DockerCli.On(manager);
        var stack = TestStack.Create(new StackOptions { MultiTenant = true, Tenants = ["ta", "tb"] }, output);
        try
        {
            await stack.InfraExpectAsync(0, "config", "set", "docker:host", manager);
            await File.AppendAllLinesAsync(stack.StackFile,
                ["  selfhosted:target: swarm", "  selfhosted:swarm:", "    replicas: {ai-proxy: 2, jeux-text: 2}"]);

            var clock = Stopwatch.StartNew();
            var up = await stack.UpAsync();
            stack.Write($"FIGURE deploy to the swarm: {clock.Elapsed.TotalSeconds:0} s");
            Assert.DoesNotContain("docker:Container", up.Stdout);
            Assert.DoesNotContain("docker:Volume", up.Stdout);

            // Placement: every stateful service on the labelled node, the stateless ones with their replicas.
            var tasks = await RunningTasksAsync(stack);
            foreach (var service in Stateful) Assert.Equal([DataNode], tasks[stack.Container(service)]);
            Assert.Equal(2, tasks[stack.Container("ai-proxy")].Count);
            // No secret in any service spec: each is a Docker secret read through NAME_FILE.
            var secrets = await stack.SecretsAsync();
            var specs = await DockerCli.OkAsync(["service", "inspect", .. Stateful.Concat(Stateless).Select(stack.Container)]);
            foreach (var (name, value) in secrets) Assert.False(specs.Contains(value, StringComparison.Ordinal), $"{name} is in a service spec");
            Assert.Contains("POSTGRES_PASSWORD_FILE=/run/secrets/POSTGRES_PASSWORD", specs);

            var verify = await stack.VerifyAsync();
            Assert.Contains("Containers: all 18 running and healthy", verify.Stdout);
            var matrix = IsolationMatrix.Parse(verify.Stdout);
            Assert.True(matrix.AllAsDesigned, verify.Stdout);
            Assert.Equal([stack.Network("tenant_ta_net")], matrix.ReachableFrom(stack.Container("ta-postgres:5432")));

            // A row written before the loss, read back after it.
            var postgres = stack.Container("ta-postgres");
            var pgTask = await TaskContainerAsync(dataNode, postgres);
            var url = $"postgresql://n8n:{secrets["ta-postgres-password"]}@127.0.0.1/n8n";
            await OnNodeAsync(dataNode, "exec", pgTask, "psql", url, "-c", "create table swarm_probe(v text); insert into swarm_probe values ('kept')");

            var onLost = tasks.Where(kv => kv.Value.Contains(LostNode)).Select(kv => kv.Key).ToList();
            Assert.NotEmpty(onLost);
            clock.Restart();
            await SwarmCluster.KillAsync(LostNode);
            try
            {
                // Swarm reschedules the stateless tasks of node3 onto node1 and node2; the pinned ones never move.
                var after = await UntilAsync(TimeSpan.FromMinutes(5), async () =>
                {
                    var now = await RunningTasksAsync(stack);
                    return Stateless.All(s => now.TryGetValue(stack.Container(s), out var nodes) && nodes.Count == (s is "ai-proxy" or "jeux-text" ? 2 : 1)
                        && !nodes.Contains(LostNode)) ? now : null;
                });
                stack.Write($"FIGURE stateless services rescheduled after losing {LostNode}: {clock.Elapsed.TotalSeconds:0} s ({string.Join(", ", onLost)} were on it)");
                foreach (var service in Stateful) Assert.Equal([DataNode], after[stack.Container(service)]);
                Assert.Equal(pgTask, await TaskContainerAsync(dataNode, postgres));
                Assert.Equal("kept", (await OnNodeAsync(dataNode, "exec", pgTask, "psql", url, "-tAc", "select v from swarm_probe")).Trim());

                clock.Restart();
                await stack.UpAsync("--refresh");
                await stack.InfraExpectAsync(0, "preview", "--expect-no-changes");
                stack.Write($"FIGURE converge after the loss (up --refresh, preview): {clock.Elapsed.TotalSeconds:0} s");
            }
            finally { await SwarmCluster.ReviveAsync(LostNode); }

            // Drift: a replica count changed by hand is found by refresh and put back by up.
            await DockerCli.OkAsync("service", "scale", "-d", $"{stack.Container("ai-proxy")}=3");
            var drift = await stack.InfraExpectAsync(0, "refresh", "--preview-only", "--diff");
            Assert.Contains("replicas: 2 => 3", drift.Stdout);
            await stack.UpAsync("--refresh");
            Assert.Equal("2", await DockerCli.OkAsync("service", "inspect", "-f", "{{.Spec.Mode.Replicated.Replicas}}", stack.Container("ai-proxy")));

            // destroy removes the services and networks, never the data volumes on the data node.
            await stack.InfraExpectAsync(0, "destroy", "--yes");
            Assert.DoesNotContain(DockerCli.Lines(await DockerCli.OkAsync("service", "ls", "--format", "{{.Name}}")), n => n.StartsWith(stack.Prefix, StringComparison.Ordinal));
            Assert.Contains(stack.Volume("ta-postgres"), DockerCli.Lines(await OnNodeAsync(dataNode, "volume", "ls", "--format", "{{.Name}}")));
        }
        finally
        {
            await stack.DisposeAsync();
            await RemoveLeftoversAsync(stack.Prefix);
        }
    }

    /// <summary>Service name → the nodes its running tasks are on.</summary>
    private static async Task<Dictionary<string, List<string>>> RunningTasksAsync(TestStack stack)
    {
        var services = DockerCli.Lines(await DockerCli.OkAsync("service", "ls", "--format", "{{.Name}}"))
            .Where(n => n.StartsWith(stack.Prefix, StringComparison.Ordinal)).ToList();
        var lines = DockerCli.Lines(await DockerCli.OkAsync(["service", "ps", "--filter", "desired-state=running", "--format", "{{.Name}} {{.Node}} {{.CurrentState}}", .. services]));
        return lines.Select(l => l.Split(' ')).Where(p => p.Length > 2 && p[2] == "Running")
            .GroupBy(p => p[0][..p[0].LastIndexOf('.')])
            .ToDictionary(g => g.Key, g => g.Select(p => p[1]).Order().ToList());
    }

    /// <summary>The container of a service's task on a node (run through that node's own daemon).</summary>
    private static async Task<string> TaskContainerAsync(string node, string service) =>
        DockerCli.Lines(await OnNodeAsync(node, "ps", "--filter", $"label=com.docker.swarm.service.name={service}", "--format", "{{.Names}}")).Single();

    private static async Task<string> OnNodeAsync(string node, params string[] args)
    {
        using var on = DockerCli.On(node);
        return await DockerCli.OkAsync(args);
    }

    private static async Task<T> UntilAsync<T>(TimeSpan limit, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await probe() is { } done) return done;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {limit.TotalMinutes} min");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>What a failed run may leave on the cluster: the stack's services, and its volumes on every node.</summary>
    private static async Task RemoveLeftoversAsync(string prefix)
    {
        var services = DockerCli.Lines((await DockerCli.RunAsync("service", "ls", "--format", "{{.Name}}")).Stdout).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (services.Count > 0) await DockerCli.RunAsync(["service", "rm", .. services]);
        await Task.Delay(TimeSpan.FromSeconds(services.Count > 0 ? 15 : 0));
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            using var on = DockerCli.On(await SwarmCluster.AddressAsync(node));
            await DockerCli.PurgeAsync(prefix);
        }
    }
}
