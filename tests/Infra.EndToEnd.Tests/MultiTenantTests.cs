using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>Scenario 8: the multi-tenant variant with tenants ta and tb.</summary>
[Collection(E2eCollection.Name)]
public sealed class MultiTenantTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Multi_tenant_variant_comes_up_and_verify_proves_the_tenants_isolated()
    {
        await using var stack = TestStack.Create(new StackOptions { MultiTenant = true, Tenants = ["ta", "tb"] }, output);
        var up = await stack.UpAsync();
        Assert.Contains("variant: multi-tenant", up.Stdout);

        var verify = await stack.VerifyAsync();
        Assert.Contains($"Containers: all {stack.ExpectedContainers.Count} running and healthy", verify.Stdout);
        var matrix = IsolationMatrix.Parse(verify.Stdout);
        Assert.True(matrix.AllAsDesigned, verify.Stdout);
        foreach (var (tenant, other) in new[] { ("ta", "tb"), ("tb", "ta") })
        {
            // A tenant's data sits on its own network alone: not on the other tenant's, not on its embed network.
            foreach (var service in new[] { "postgres:5432", "redis:6379", "mosquitto:1883" })
            {
                var row = stack.Container($"{tenant}-{service}");
                Assert.Equal([stack.Network($"tenant_{tenant}_net")], matrix.ReachableFrom(row));
                Assert.Equal("·", matrix.Cell(row, stack.Network($"tenant_{other}_net")));
            }
            // n8n and its worker also reach embed-service, through the tenant's embed network.
            foreach (var service in new[] { "n8n:5678", "n8n-worker-1:5678" })
                Assert.Equal([stack.Network($"tenant_{tenant}_embed_net"), stack.Network($"tenant_{tenant}_net")], matrix.ReachableFrom(stack.Container($"{tenant}-{service}")));
            var get = await DockerCli.RunAsync("exec", stack.Container($"{tenant}-n8n"), "wget", "-q", "-O", "/dev/null", "http://embed-service:8000/healthz");
            Assert.True(get.ExitCode == 0, $"embed-service from {tenant}'s n8n: {get}");
            // Each tenant's n8n is published on loopback at its own port.
            Assert.Contains($"{stack.Container($"{tenant}-n8n")} 5678/tcp -> 127.0.0.1:{stack.Port($"{tenant}-n8n")}", verify.Stdout);
        }
        Assert.Equal([stack.Network("tenant_ta_embed_net"), stack.Network("tenant_tb_embed_net")], matrix.ReachableFrom(stack.Container("embed-service:8000")).Where(n => n.Contains("tenant_", StringComparison.Ordinal)));
        // Shared services join every tenant's network.
        foreach (var shared in new[] { "qdrant:6333", "minio:9000" })
            foreach (var tenant in new[] { "ta", "tb" })
                Assert.Equal("✓", matrix.Cell(stack.Container(shared), stack.Network($"tenant_{tenant}_net")));

        var secrets = await stack.SecretsAsync();
        Assert.NotEqual(secrets["ta-postgres-password"], secrets["tb-postgres-password"]);
        Assert.NotEqual(secrets["ta-n8n-encryption-key"], secrets["tb-n8n-encryption-key"]);
        // Each tenant's Postgres takes its own password and not the other tenant's.
        var taPg = stack.Container("ta-postgres");
        var own = await DockerCli.RunAsync("exec", taPg, "psql", $"postgresql://n8n:{secrets["ta-postgres-password"]}@{taPg}/n8n", "-tAc", "select 1");
        Assert.True(own.ExitCode == 0, own.ToString());
        var others = await DockerCli.RunAsync("exec", taPg, "psql", $"postgresql://n8n:{secrets["tb-postgres-password"]}@{taPg}/n8n", "-tAc", "select 1");
        Assert.NotEqual(0, others.ExitCode);

        await stack.AssertConvergedAsync();
    }
}
