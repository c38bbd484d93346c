using System.Text.Json.Nodes;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Stacks.Tests;

/// <summary>
/// The networks of ARCHITECTURE.md §5 and who joins what, cell by cell, in both variants (items 1, 2, 4).
/// </summary>
public sealed class NetworkMembershipTests
{
    private static readonly string[] StandardNetworks = ["ingress_net", "koff_net", "backbone_net", "azoth_net", "monitoring_net"];
    private static readonly string[] MultiTenantNetworks =
    [
        "ingress_net", "koff_net", "backbone_net", "monitoring_net",
        .. StackBuild.Tenants.SelectMany(t => new[] { $"tenant_{t}_net", $"tenant_{t}_embed_net" }),
    ];

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Networks_are_the_seed_networks_each_declared_once(string variant)
    {
        var build = StackBuild.Of(variant);
        var names = build.Networks.Select(StackBuild.HostName).ToList();

        Assert.Equal(names.Distinct().Count(), names.Count); // two docker:Network resources with one host name collide on the host
        var expected = variant.StartsWith("multi", StringComparison.Ordinal) ? MultiTenantNetworks : StandardNetworks;
        Assert.Equal(expected.Order(), names.Order());
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Only_monitoring_net_and_the_tenants_embed_networks_are_internal(string variant)
    {
        var build = StackBuild.Of(variant);
        var internalNets = build.Networks.Where(n => n.Inputs["internal"]?.GetValue<bool>() == true).Select(StackBuild.HostName);
        var embed = variant.StartsWith("multi", StringComparison.Ordinal) ? StackBuild.Tenants.Select(t => $"tenant_{t}_embed_net") : [];
        Assert.Equal(embed.Append("monitoring_net").Order(), internalNets.Order());
    }

    [Fact]
    public void Tenant_names_that_were_seed_network_names_get_networks_of_their_own()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:multiTenant", true), ("infra:tenants", new[] { "koff", "ingress", "backbone", "monitoring", "azoth" })));
        var names = build.Networks.Select(StackBuild.HostName).ToList();

        Assert.Equal(names.Distinct().Count(), names.Count);
        foreach (var t in new[] { "koff", "ingress", "backbone", "monitoring", "azoth" })
            Assert.Equal(new[] { $"{t}-mosquitto", $"{t}-n8n", $"{t}-n8n-worker-1", $"{t}-postgres", $"{t}-redis", "minio", "prometheus", "qdrant" }.ToHashSet(),
                build.MembersOf($"tenant_{t}_net"));
        Assert.Equal(["ai-proxy", "embed-service", "minio", "qdrant"], build.MembersOf("koff_net").Order());
    }

    public static TheoryData<string, string, string> Memberships()
    {
        var data = new TheoryData<string, string, string>
        {
            // Standard variant: the §5 table, and n8n on koff_net to reach embed-service (issue 10).
            { "standard", "postgres", "backbone_net azoth_net" },
            { "standard", "redis", "backbone_net azoth_net" },
            { "standard", "mosquitto", "backbone_net koff_net" },
            { "standard", "qdrant", "backbone_net koff_net" },
            { "standard", "minio", "backbone_net koff_net" },
            { "standard", "n8n", "azoth_net backbone_net koff_net" },
            { "standard", "n8n-worker-1", "azoth_net backbone_net koff_net" },
            { "standard", "ai-proxy", "ingress_net koff_net" },
            { "standard", "embed-service", "ingress_net koff_net" },
            { "standard", "jeux-text", "ingress_net" },
            { "standard", "strudel", "ingress_net" },
            // "monitoring_net + networks of its targets": one network per target suffices; the targets are
            // n8n and qdrant/minio (backbone_net), ai-proxy and embed-service (koff_net).
            { "standard", "prometheus", "monitoring_net backbone_net koff_net" },
            { "standard", "grafana", "monitoring_net ingress_net" },
            // Multi-tenant variant: shared services.
            { "multi-tenant", "qdrant", "backbone_net tenant_azoth_net tenant_maximus_net tenant_koff_net koff_net" },
            { "multi-tenant", "minio", "backbone_net tenant_azoth_net tenant_maximus_net tenant_koff_net koff_net" },
            { "multi-tenant", "prometheus", "monitoring_net tenant_azoth_net tenant_maximus_net tenant_koff_net" },
            { "multi-tenant", "grafana", "monitoring_net ingress_net" },
            { "multi-tenant", "strudel", "ingress_net" },
            { "multi-tenant", "jeux-text", "ingress_net" },
            { "multi-tenant", "ai-proxy", "ingress_net koff_net" },
            { "multi-tenant", "embed-service", "ingress_net koff_net tenant_azoth_embed_net tenant_maximus_embed_net tenant_koff_embed_net" },
            // The edge: ingress_net plus the networks of the services it routes to (by default n8n over its tenant
            // network and Grafana over ingress_net).
            { "standard+caddy", "caddy", "ingress_net azoth_net" },
            { "multi-tenant+caddy", "caddy", "ingress_net tenant_azoth_net tenant_maximus_net tenant_koff_net" },
        };
        // Multi-tenant variant: each tenant's own services on its network only; its n8n also on its embed network.
        foreach (var t in StackBuild.Tenants)
        {
            foreach (var service in new[] { "postgres", "redis", "mosquitto" })
                data.Add("multi-tenant", $"{t}-{service}", $"tenant_{t}_net");
            foreach (var service in new[] { "n8n", "n8n-worker-1" })
                data.Add("multi-tenant", $"{t}-{service}", $"tenant_{t}_net tenant_{t}_embed_net");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Memberships))]
    public void Service_joins_exactly_the_networks_of_the_table(string variant, string container, string networks)
    {
        var build = StackBuild.Of(variant);
        var attachments = build.NetworkAttachments(build.Container(container));

        Assert.Equal(networks.Split(' ').ToHashSet(), attachments.ToHashSet());
        Assert.Equal(attachments.Distinct().Count(), attachments.Count);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Every_container_of_the_variant_has_a_row_in_the_table(string variant)
    {
        var build = StackBuild.Of(variant);
        var rows = Memberships().Select(r => ((string)r[0], (string)r[1]))
            .Where(r => r.Item1 == variant || (variant.EndsWith("+caddy", StringComparison.Ordinal) && r.Item1 == variant[..^"+caddy".Length]))
            .Select(r => r.Item2).ToList();

        Assert.Equal(rows.Order(), build.ContainerNames.Order());
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Enabling_the_edge_changes_no_other_container_membership(string variant)
    {
        var plain = StackBuild.Of(variant);
        var withEdge = StackBuild.Of(variant + "+caddy");

        foreach (var name in plain.ContainerNames)
            Assert.Equal(plain.NetworksOf(name), withEdge.NetworksOf(name));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Every_network_alias_is_the_service_name(string variant)
    {
        var build = StackBuild.Of(variant);
        foreach (var c in build.Containers)
        {
            var service = c.Inputs["labels"]!["org.infra.service"]!.GetValue<string>();
            foreach (var n in (JsonArray)c.Inputs["networks"]!)
                Assert.Equal([service], n!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        }
    }

    [Theory]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Aliases_do_not_collide_on_any_network(string variant)
    {
        var build = StackBuild.Of(variant);
        foreach (var network in build.Networks.Select(StackBuild.HostName))
        {
            var aliases = build.Containers.Where(c => build.NetworkAttachments(c).Contains(network))
                .Select(c => c.Inputs["labels"]!["org.infra.service"]!.GetValue<string>()).ToList();
            Assert.Equal(aliases.Distinct().Count(), aliases.Count);
        }
    }
}

/// <summary>Tenants of the multi-tenant variant cannot reach each other (item 4).</summary>
public sealed class TenantIsolationTests
{
    private static readonly string[] Own = ["n8n", "n8n-worker-1", "postgres", "redis", "mosquitto"];

    public static TheoryData<string, string> TenantPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in StackBuild.Tenants)
            foreach (var b in StackBuild.Tenants.Where(b => b != a))
                data.Add(a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(TenantPairs))]
    public void No_container_of_one_tenant_is_on_another_tenants_network(string a, string b)
    {
        foreach (var variant in new[] { "multi-tenant", "multi-tenant+caddy" })
        {
            var build = StackBuild.Of(variant);
            foreach (var service in Own)
            {
                Assert.DoesNotContain($"tenant_{b}_net", build.NetworksOf($"{a}-{service}"));
                Assert.DoesNotContain($"tenant_{b}_embed_net", build.NetworksOf($"{a}-{service}"));
                Assert.DoesNotContain($"{a}-{service}", build.MembersOf($"tenant_{b}_net"));
                Assert.DoesNotContain($"{a}-{service}", build.MembersOf($"tenant_{b}_embed_net"));
            }
        }
    }

    [Theory]
    [InlineData("azoth")]
    [InlineData("maximus")]
    [InlineData("koff")]
    public void A_tenant_network_holds_its_own_services_and_the_shared_ones_only(string tenant)
    {
        foreach (var variant in new[] { "multi-tenant", "multi-tenant+caddy" })
        {
            var build = StackBuild.Of(variant);
            var expected = Own.Select(s => $"{tenant}-{s}").Concat(["qdrant", "minio", "prometheus"]).ToHashSet();
            if (variant.EndsWith("+caddy", StringComparison.Ordinal)) expected.Add("caddy");

            Assert.Equal(expected, build.MembersOf($"tenant_{tenant}_net"));
            Assert.Equal(new[] { "embed-service", $"{tenant}-n8n", $"{tenant}-n8n-worker-1" }.ToHashSet(), build.MembersOf($"tenant_{tenant}_embed_net"));
        }
    }

    /// <summary>The document's shared services (Qdrant, MinIO, Prometheus, Grafana, Strudel, Caddy) and the tenant's own are the only neighbours of its data.</summary>
    [Theory]
    [InlineData("azoth")]
    [InlineData("maximus")]
    [InlineData("koff")]
    public void Only_the_tenants_own_and_the_shared_services_share_a_network_with_its_postgres_or_redis(string tenant)
    {
        string[] shared = ["qdrant", "minio", "prometheus", "grafana", "strudel", "caddy"];
        var build = StackBuild.Of("multi-tenant+caddy");
        foreach (var data in new[] { $"{tenant}-postgres", $"{tenant}-redis" })
        {
            var neighbours = build.NetworksOf(data).SelectMany(build.MembersOf).ToHashSet();
            Assert.All(neighbours, n => Assert.True(n.StartsWith(tenant + "-", StringComparison.Ordinal) || shared.Contains(n), $"{n} shares a network with {data}"));
        }
    }

    [Fact]
    public void Shared_services_are_on_every_tenant_network()
    {
        var build = StackBuild.Of("multi-tenant");
        foreach (var t in StackBuild.Tenants)
        {
            Assert.Contains($"tenant_{t}_net", build.NetworksOf("qdrant"));
            Assert.Contains($"tenant_{t}_net", build.NetworksOf("minio"));
            Assert.Contains($"tenant_{t}_net", build.NetworksOf("prometheus"));
        }
        Assert.Contains("monitoring_net", build.NetworksOf("prometheus"));
    }

    [Fact]
    public void No_tenant_service_is_on_a_shared_network()
    {
        var build = StackBuild.Of("multi-tenant");
        foreach (var shared in new[] { "backbone_net", "ingress_net", "monitoring_net", "koff_net" })
            Assert.DoesNotContain(build.MembersOf(shared), m => StackBuild.Tenants.Any(t => m.StartsWith(t + "-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("azoth")]
    [InlineData("maximus")]
    [InlineData("koff")]
    public void A_tenant_uses_its_own_secrets_volumes_and_hosts(string tenant)
    {
        var build = StackBuild.Of("multi-tenant");
        var n8n = build.Container($"{tenant}-n8n");
        var env = StackBuild.Env(n8n);

        Assert.Equal($"{tenant}-postgres", env["DB_POSTGRESDB_HOST"]!.GetValue<string>());
        Assert.Equal($"{tenant}-redis", env["QUEUE_BULL_REDIS_HOST"]!.GetValue<string>());
        Assert.Equal($"{tenant}-postgres-password", build.Referenced(env["DB_POSTGRESDB_PASSWORD"], RandomProvider.PasswordType, "result").Name);
        Assert.Equal($"{tenant}-redis-password", build.Referenced(env["QUEUE_BULL_REDIS_PASSWORD"], RandomProvider.PasswordType, "result").Name);
        Assert.Equal($"{tenant}-n8n-encryption-key", build.Referenced(env["N8N_ENCRYPTION_KEY"], RandomProvider.PasswordType, "result").Name);
        Assert.Equal($"{tenant}-postgres-password",
            build.Referenced(StackBuild.Env(build.Container($"{tenant}-postgres"))["POSTGRES_PASSWORD"], RandomProvider.PasswordType, "result").Name);

        var worker = StackBuild.Env(build.Container($"{tenant}-n8n-worker-1"));
        foreach (var key in new[] { "DB_POSTGRESDB_HOST", "QUEUE_BULL_REDIS_HOST", "DB_POSTGRESDB_PASSWORD", "QUEUE_BULL_REDIS_PASSWORD", "N8N_ENCRYPTION_KEY" })
            Assert.Equal(env[key]!.ToJsonString(), worker[key]!.ToJsonString());

        foreach (var service in Own.Where(s => s != "n8n-worker-1"))
        {
            var volumes = build.Container($"{tenant}-{service}").Inputs["mounts"]!.AsArray()
                .Select(m => StackBuild.HostName(build.Referenced(m!["source"], VolumeKind.TypeToken, "name"))).ToList();
            Assert.NotEmpty(volumes);
            Assert.All(volumes, v => Assert.StartsWith($"{tenant}-", v));
        }
    }
}
