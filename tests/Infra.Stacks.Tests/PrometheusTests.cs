using Infra.Engine.Properties;
using Infra.Providers.Random;
using Infra.Stacks.Tests.Fixtures;
using YamlDotNet.RepresentationModel;
using Infra.Providers.Docker;

namespace Infra.Stacks.Tests;

/// <summary>The generated prometheus.yml scrapes exactly the declared metrics endpoints (item 7).</summary>
public sealed class PrometheusTests
{
    private const string ConfigPath = "/etc/prometheus/prometheus.yml";

    /// <summary>One scrape job as read back from the uploaded YAML: "job target path [credentials_file]".</summary>
    private static IReadOnlyList<string> Jobs(StackBuild build)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(build.File("prometheus", ConfigPath).Text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("15s", ((YamlScalarNode)((YamlMappingNode)root["global"])["scrape_interval"]).Value);
        return ((YamlSequenceNode)root["scrape_configs"]).Cast<YamlMappingNode>().Select(job =>
        {
            string? Scalar(YamlMappingNode m, string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            var statics = ((YamlSequenceNode)job["static_configs"]).Cast<YamlMappingNode>().ToList();
            var targets = statics.SelectMany(s => ((YamlSequenceNode)s["targets"]).Cast<YamlScalarNode>().Select(t => t.Value)).ToList();
            Assert.Single(targets);
            var auth = job.Children.TryGetValue(new YamlScalarNode("authorization"), out var a) ? (YamlMappingNode)a : null;
            if (auth is not null) Assert.Equal("Bearer", Scalar(auth, "type"));
            var line = $"{Scalar(job, "job_name")} {targets[0]} {Scalar(job, "metrics_path") ?? "/metrics"}";
            return auth is null ? line : $"{line} {Scalar(auth, "credentials_file")}";
        }).ToList();
    }

    [Fact]
    public void Standard_scrape_targets_are_the_declared_endpoints()
    {
        string[] expected =
        [
            "prometheus localhost:9090 /metrics",
            "qdrant qdrant:6333 /metrics /etc/prometheus/secrets/qdrant",
            "minio minio:9000 /minio/v2/metrics/cluster",
            "n8n n8n:5678 /metrics",
            "ai-proxy ai-proxy:8080 /metrics",
            "embed-service embed-service:8000 /metrics",
        ];
        Assert.Equal(expected.Order(), Jobs(StackBuild.Of("standard")).Order());
    }

    [Fact]
    public void Multi_tenant_scrape_targets_are_the_declared_endpoints()
    {
        string[] expected =
        [
            "prometheus localhost:9090 /metrics",
            "qdrant qdrant:6333 /metrics /etc/prometheus/secrets/qdrant",
            "minio minio:9000 /minio/v2/metrics/cluster",
            "azoth-n8n azoth-n8n:5678 /metrics",
            "maximus-n8n maximus-n8n:5678 /metrics",
            "koff-n8n koff-n8n:5678 /metrics",
        ];
        Assert.Equal(expected.Order(), Jobs(StackBuild.Of("multi-tenant")).Order());
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Scrape_jobs_match_the_monitoring_bricks_declared_targets(string variant)
    {
        var build = StackBuild.Of(variant);
        var monitoring = build.Desired.Resources.Single(r => r.Type == "infra:bricks:Monitoring");
        var declared = monitoring.Inputs["scrapeTargets"]!.AsArray().Select(t => t!.GetValue<string>()).Order();
        var jobs = Jobs(build).Select(j => j.Split(' ')).Select(p => $"{p[0]}={p[1]}{p[2]}").Order();
        Assert.Equal(declared, jobs);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Prometheus_shares_a_network_with_every_target(string variant)
    {
        var build = StackBuild.Of(variant);
        var own = build.NetworksOf("prometheus");
        foreach (var target in Jobs(build).Select(j => j.Split(' ')[1].Split(':')[0]).Where(h => h != "localhost"))
            Assert.True(own.Overlaps(build.NetworksOf(target)), $"prometheus cannot reach {target}");
    }

    [Theory]
    [InlineData("standard", "n8n")]
    [InlineData("multi-tenant", "koff-n8n")]
    public void Scraped_services_expose_their_metrics(string variant, string n8n)
    {
        var build = StackBuild.Of(variant);
        Assert.Equal("true", StackBuild.Env(build.Container(n8n))["N8N_METRICS"]!.GetValue<string>());
        Assert.Equal("public", StackBuild.Env(build.Container("minio"))["MINIO_PROMETHEUS_AUTH_TYPE"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Qdrant_bearer_token_file_is_a_secret_holding_qdrants_api_key(string variant)
    {
        var build = StackBuild.Of(variant);
        var file = build.File("prometheus", "/etc/prometheus/secrets/qdrant");
        var key = build.Referenced(file.Content, RandomProvider.PasswordType, "result");

        Assert.Equal("qdrant-api-key", key.Name);
        Assert.Equal(key.Urn, build.Referenced(StackBuild.Env(build.Container("qdrant"))["QDRANT__SERVICE__API_KEY"], RandomProvider.PasswordType, "result").Urn);
        Assert.Equal("0400", file.Mode);
        Assert.False(Secret.ContainsSecret(build.File("prometheus", ConfigPath).Content));
    }

    [Fact]
    public async Task Planned_bearer_token_file_is_a_secret_value()
    {
        var plan = await MockProviders.PlanAsync(StackBuild.Of("standard").Desired);
        var prometheus = plan.Steps.Single(s => s.Type == ContainerKind.TypeToken && s.Inputs!["name"]!.GetValue<string>() == "prometheus");
        var file = prometheus.Inputs!["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>() == "/etc/prometheus/secrets/qdrant")!;
        Assert.True(Secret.IsSecret(file["content"]));
    }

    [Fact]
    public void Grafana_datasource_points_at_prometheus_by_its_alias_on_monitoring_net()
    {
        var build = StackBuild.Of("standard");
        var datasource = build.File("grafana", "/etc/grafana/provisioning/datasources/prometheus.yaml").Text;
        Assert.Contains("url: http://prometheus:9090", datasource);
        Assert.Contains("type: prometheus", datasource);
        Assert.Contains("monitoring_net", build.NetworksOf("grafana").Intersect(build.NetworksOf("prometheus")));
    }
}
