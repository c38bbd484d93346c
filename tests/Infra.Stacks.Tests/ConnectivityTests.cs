using System.Text.Json.Nodes;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Docker;

namespace Infra.Stacks.Tests;

/// <summary>
/// The data flows of the seed over the networks of the tables: every host name a service is given is a
/// container it shares a network with, also behind a name prefix.
/// </summary>
public sealed class ConnectivityTests
{
    private static readonly Lazy<StackBuild> PrefixedStandard = new(() =>
        StackBuild.Build(StackBuild.Config(("infra:namePrefix", "dev-"))));
    private static readonly Lazy<StackBuild> PrefixedMulti = new(() =>
        StackBuild.Build(StackBuild.Config(("infra:namePrefix", "dev-"), ("infra:multiTenant", true))));

    private static (StackBuild Build, string Prefix) Of(string variant, bool prefixed) => prefixed
        ? (variant == "standard" ? PrefixedStandard.Value : PrefixedMulti.Value, "dev-")
        : (StackBuild.Of(variant), "");

    /// <summary>The container a host name designates on a network the client is on: by container name or by alias.</summary>
    private static void AssertReaches(StackBuild build, string client, string host)
    {
        var from = build.Container(client);
        var clientNets = build.NetworkAttachments(from).ToHashSet();
        var reachable = build.Containers.Where(c => c != from).Any(c =>
        {
            var attachments = (JsonArray)c.Inputs["networks"]!;
            return attachments.Any(a =>
            {
                var net = StackBuild.HostName(build.Referenced(a!["name"], NetworkKind.TypeToken, "name"));
                var names = (a["aliases"] as JsonArray ?? []).Select(x => x!.GetValue<string>()).Append(StackBuild.HostName(c));
                return clientNets.Contains(net) && names.Contains(host);
            });
        });
        Assert.True(reachable, $"{client} cannot resolve '{host}' on any of its networks ({string.Join(", ", clientNets)})");
    }

    private static string HostOf(string url) => new Uri(url).Host;

    public static TheoryData<string, bool> Variants() => new()
    {
        { "standard", false }, { "standard", true }, { "multi-tenant", false }, { "multi-tenant", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void N8n_reaches_its_database_queue_broker_and_object_and_vector_stores(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        var tenants = variant == "standard" ? [""] : StackBuild.Tenants.Select(t => t + "-").ToArray();
        foreach (var t in tenants)
        {
            var n8n = $"{p}{t}n8n";
            var env = StackBuild.Env(build.Container(n8n));
            Assert.Equal($"{p}{t}postgres", env["DB_POSTGRESDB_HOST"]!.GetValue<string>());
            AssertReaches(build, n8n, env["DB_POSTGRESDB_HOST"]!.GetValue<string>());
            AssertReaches(build, n8n, env["QUEUE_BULL_REDIS_HOST"]!.GetValue<string>());
            AssertReaches(build, n8n, $"{p}{t}mosquitto");
            AssertReaches(build, n8n, $"{p}minio");
            AssertReaches(build, n8n, $"{p}qdrant");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_n8n_and_every_worker_reach_embed_service_and_qdrant(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        var tenants = variant == "standard" ? [""] : StackBuild.Tenants.Select(t => t + "-").ToArray();
        foreach (var client in tenants.SelectMany(t => new[] { $"{p}{t}n8n", $"{p}{t}n8n-worker-1" }))
        {
            AssertReaches(build, client, $"{p}embed-service");
            AssertReaches(build, client, "embed-service");
            AssertReaches(build, client, $"{p}qdrant");
            AssertReaches(build, client, StackBuild.Env(build.Container(client))["QUEUE_BULL_REDIS_HOST"]!.GetValue<string>());
        }
    }

    /// <summary>The new path to embed-service is no path from embed-service to any Postgres or Redis.</summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void Embed_service_shares_no_network_with_a_postgres_or_a_redis(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        var embed = build.NetworksOf($"{p}embed-service");
        var data = build.ContainerNames.Where(n => n.EndsWith("postgres", StringComparison.Ordinal) || n.EndsWith("redis", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(data);
        foreach (var name in data)
            Assert.False(embed.Overlaps(build.NetworksOf(name)), $"embed-service shares {string.Join(", ", embed.Intersect(build.NetworksOf(name)))} with {name}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tenants_n8n_reaches_no_other_tenants_n8n_or_data(bool prefixed)
    {
        var (build, p) = Of("multi-tenant", prefixed);
        foreach (var a in StackBuild.Tenants)
            foreach (var b in StackBuild.Tenants.Where(b => b != a))
                foreach (var theirs in new[] { "n8n", "n8n-worker-1", "postgres", "redis", "mosquitto" })
                    Assert.False(build.NetworksOf($"{p}{a}-n8n").Overlaps(build.NetworksOf($"{p}{b}-{theirs}")), $"{a}-n8n shares a network with {b}-{theirs}");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Embed_service_reaches_qdrant_and_grafana_reaches_prometheus(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        var qdrantUrl = StackBuild.Env(build.Container($"{p}embed-service"))["QDRANT_URL"]!.GetValue<string>();
        Assert.Equal($"http://{p}qdrant:6333", qdrantUrl);
        AssertReaches(build, $"{p}embed-service", HostOf(qdrantUrl));

        var datasource = build.File($"{p}grafana", "/etc/grafana/provisioning/datasources/prometheus.yaml").Text;
        var url = datasource.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("url: ", StringComparison.Ordinal))["url: ".Length..];
        AssertReaches(build, $"{p}grafana", HostOf(url));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Prometheus_reaches_every_scrape_target(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        var config = build.File($"{p}prometheus", "/etc/prometheus/prometheus.yml").Text;
        var targets = config.Split('\n').Where(l => l.Contains("targets: ['", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("['", StringComparison.Ordinal) + 2)..l.IndexOf("']", StringComparison.Ordinal)].Split(':')[0])
            .Where(h => h != "localhost").ToList();
        Assert.True(targets.Count >= 5);
        foreach (var host in targets) AssertReaches(build, $"{p}prometheus", host);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Services_calling_out_have_a_network_with_egress(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        // ai-proxy calls Groq; n8n calls webhooks and APIs: never internal networks only.
        var internalNets = build.Networks.Where(n => n.Inputs["internal"]?.GetValue<bool>() == true).Select(StackBuild.HostName).ToHashSet();
        foreach (var name in build.ContainerNames)
            Assert.False(build.NetworksOf(name).All(internalNets.Contains), $"{name} is on internal networks only");
        var embed = variant == "standard" ? [] : StackBuild.Tenants.Select(t => $"{p}tenant_{t}_embed_net");
        Assert.Equal(embed.Append($"{p}monitoring_net").ToHashSet(), internalNets);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_host_object_carries_the_prefix(string variant, bool prefixed)
    {
        var (build, p) = Of(variant, prefixed);
        foreach (var r in build.Desired.Resources.Where(r => r.Type is ContainerKind.TypeToken or NetworkKind.TypeToken or VolumeKind.TypeToken))
            Assert.StartsWith(p, StackBuild.HostName(r));
        var unprefixed = StackBuild.Of(variant);
        Assert.Equal(unprefixed.ContainerNames.Select(n => p + n).Order(), build.ContainerNames.Order());
        foreach (var name in unprefixed.ContainerNames)
            Assert.Equal(unprefixed.NetworksOf(name).Select(n => p + n).ToHashSet(), build.NetworksOf(p + name));
    }
}
