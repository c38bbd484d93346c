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
    private static readonly string[] MultiTenantNetworks = ["ingress_net", "koff_net", "backbone_net", "monitoring_net", "azoth_net", "maximus_net"];

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
    public void Only_monitoring_net_is_internal(string variant)
    {
        var build = StackBuild.Of(variant);
        var internalNets = build.Networks.Where(n => n.Inputs["internal"]?.GetValue<bool>() == true).Select(StackBuild.HostName);
        Assert.Equal(["monitoring_net"], internalNets);
    }

    public static TheoryData<string, string, string> Memberships()
    {
        var data = new TheoryData<string, string, string>
        {
            // Standard variant: the §5 table.
            { "standard", "postgres", "backbone_net azoth_net" },
            { "standard", "redis", "backbone_net azoth_net" },
            { "standard", "mosquitto", "backbone_net koff_net" },
            { "standard", "qdrant", "backbone_net koff_net" },
            { "standard", "minio", "backbone_net koff_net" },
            { "standard", "n8n", "azoth_net backbone_net" },
            { "standard", "ai-proxy", "ingress_net koff_net" },
            { "standard", "embed-service", "ingress_net koff_net" },
            { "standard", "jeux-text", "ingress_net" },
            { "standard", "strudel", "ingress_net" },
            // "monitoring_net + networks of its targets": one network per target suffices; the targets are
            // n8n and qdrant/minio (backbone_net), ai-proxy and embed-service (koff_net).
            { "standard", "prometheus", "monitoring_net backbone_net koff_net" },
            { "standard", "grafana", "monitoring_net ingress_net" },
            // Multi-tenant variant: shared services.
            { "multi-tenant", "qdrant", "backbone_net azoth_net maximus_net koff_net" },
            { "multi-tenant", "minio", "backbone_net azoth_net maximus_net koff_net" },
            { "multi-tenant", "prometheus", "monitoring_net azoth_net maximus_net koff_net" },
            { "multi-tenant", "grafana", "monitoring_net ingress_net" },
            { "multi-tenant", "strudel", "ingress_net" },
            { "multi-tenant", "jeux-text", "ingress_net" },
            { "multi-tenant", "ai-proxy", "ingress_net koff_net" },
            { "multi-tenant", "embed-service", "ingress_net koff_net" },
            // The edge: ingress_net plus the networks of the services it routes to (n8n over its tenant network).
            { "standard+caddy", "caddy", "ingress_net azoth_net" },
            { "multi-tenant+caddy", "caddy", "ingress_net azoth_net maximus_net koff_net" },
        };
        // Multi-tenant variant: each tenant's own services on its network only.
        foreach (var t in StackBuild.Tenants)
            foreach (var service in new[] { "n8n", "postgres", "redis", "mosquitto" })
                data.Add("multi-tenant", $"{t}-{service}", $"{t}_net");
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
    private static readonly string[] Own = ["n8n", "postgres", "redis", "mosquitto"];

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
                Assert.DoesNotContain($"{b}_net", build.NetworksOf($"{a}-{service}"));
                Assert.DoesNotContain($"{a}-{service}", build.MembersOf($"{b}_net"));
            }
        }
    }

    [Theory]
    [InlineData("azoth")]
    [InlineData("maximus")]
    [InlineData("koff")]
    public void A_tenant_network_holds_its_own_services_and_the_shared_ones_only(string tenant)
    {
        var build = StackBuild.Of("multi-tenant");
        var expected = Own.Select(s => $"{tenant}-{s}").Concat(["qdrant", "minio", "prometheus"]).ToHashSet();
        // koff_net is also the façade services' network to the data services (the seed's koff_net).
        if (tenant == "koff") expected.UnionWith(["ai-proxy", "embed-service"]);

        Assert.Equal(expected, build.MembersOf($"{tenant}_net"));
    }

    [Fact]
    public void Shared_services_are_on_every_tenant_network()
    {
        var build = StackBuild.Of("multi-tenant");
        foreach (var t in StackBuild.Tenants)
        {
            Assert.Contains($"{t}_net", build.NetworksOf("qdrant"));
            Assert.Contains($"{t}_net", build.NetworksOf("minio"));
            Assert.Contains($"{t}_net", build.NetworksOf("prometheus"));
        }
        Assert.Contains("monitoring_net", build.NetworksOf("prometheus"));
    }

    [Fact]
    public void No_tenant_service_is_on_a_shared_network()
    {
        var build = StackBuild.Of("multi-tenant");
        foreach (var shared in new[] { "backbone_net", "ingress_net", "monitoring_net" })
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

        foreach (var service in Own)
        {
            var volumes = build.Container($"{tenant}-{service}").Inputs["mounts"]!.AsArray()
                .Select(m => StackBuild.HostName(build.Referenced(m!["source"], VolumeKind.TypeToken, "name"))).ToList();
            Assert.NotEmpty(volumes);
            Assert.All(volumes, v => Assert.StartsWith($"{tenant}-", v));
        }
    }
}
