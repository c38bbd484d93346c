using System.Text.Json.Nodes;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Docker;

namespace Infra.Stacks.Tests;

/// <summary>Labels, restart policy, healthchecks, and the healthcheck traps of services.md (item 6).</summary>
public sealed class ContainerDefaultsTests
{
    public static TheoryData<string, string> AllContainers()
    {
        var data = new TheoryData<string, string>();
        foreach (var variant in new[] { "standard+caddy", "multi-tenant+caddy" })
            foreach (var name in StackBuild.Of(variant).ContainerNames)
                data.Add(variant, name);
        return data;
    }

    private static string Health(StackBuild build, string container)
    {
        var test = build.Container(container).Inputs["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Equal("CMD-SHELL", test[0]);
        Assert.Equal(2, test.Count);
        return test[1];
    }

    [Theory]
    [MemberData(nameof(AllContainers))]
    public void Container_has_labels_restart_policy_and_a_healthcheck_it_waits_for(string variant, string name)
    {
        var build = StackBuild.Of(variant);
        var c = build.Container(name);
        var labels = c.Inputs["labels"]!.AsObject();

        Assert.False(string.IsNullOrWhiteSpace(labels["org.infra.service"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(labels["org.infra.brick"]?.GetValue<string>()));
        Assert.Equal("unless-stopped", c.Inputs["restart"]!.GetValue<string>());
        var health = c.Inputs["healthcheck"]!.AsObject();
        Assert.NotEmpty(health["test"]!.AsArray());
        Assert.True(health["retries"]!.GetValue<int>() > 0);
        Assert.True(health["intervalSeconds"]!.GetValue<double>() > 0);
        Assert.True(c.Inputs["waitHealthy"]!.GetValue<bool>());
        Assert.True(c.Inputs["waitTimeoutSeconds"]!.GetValue<int>() > 0);
        // The image is the id of a docker:Image, so a new image replaces the container.
        Assert.Equal(ImageKind.TypeToken, build.ByUrn[c.Dependencies.Single(d => build.ByUrn[d].Type == ImageKind.TypeToken)].Type);
        build.Referenced(c.Inputs["image"], ImageKind.TypeToken, "imageId");
    }

    public static TheoryData<string, string> Redis() => new()
    {
        { "standard", "redis" }, { "multi-tenant", "azoth-redis" }, { "multi-tenant", "maximus-redis" }, { "multi-tenant", "koff-redis" },
    };

    [Theory]
    [MemberData(nameof(Redis))]
    public void Redis_check_authenticates_and_greps_PONG(string variant, string name)
    {
        var build = StackBuild.Of(variant);
        var check = Health(build, name);

        // `redis-cli ping` exits 0 on NOAUTH: the check must authenticate and look for PONG.
        Assert.Contains("REDISCLI_AUTH=", check);
        Assert.Matches(@"redis-cli [^|]*ping \| grep -q PONG", check);
        // The password it reads is the one redis.conf sets, from the file the container really gets.
        var conf = build.Container(name).Inputs["command"]!.AsArray()[1]!.GetValue<string>();
        Assert.Contains($"s/^requirepass //p' {conf}", check);
        Assert.StartsWith("requirepass {0}\n", build.File(name, conf).Content!["$format"]!.GetValue<string>());
    }

    public static TheoryData<string, string> Postgres() => new()
    {
        { "standard", "postgres" }, { "multi-tenant", "azoth-postgres" }, { "multi-tenant", "maximus-postgres" }, { "multi-tenant", "koff-postgres" },
    };

    [Theory]
    [MemberData(nameof(Postgres))]
    public void Postgres_check_goes_over_tcp_with_the_password(string variant, string name)
    {
        var build = StackBuild.Of(variant);
        var check = Health(build, name);
        var env = StackBuild.Env(build.Container(name));

        Assert.Contains("-h 127.0.0.1", check);
        Assert.Contains("PGPASSWORD=\"$POSTGRES_PASSWORD\"", check);
        Assert.Contains("-U \"$POSTGRES_USER\"", check);
        Assert.Contains("-d \"$POSTGRES_DB\"", check);
        Assert.True(env.ContainsKey("POSTGRES_USER") && env.ContainsKey("POSTGRES_DB") && env.ContainsKey("POSTGRES_PASSWORD"));
        // PGDATA is pinned to the mounted volume (the path moved in postgres 18).
        Assert.Equal("/var/lib/postgresql/data", env["PGDATA"]!.GetValue<string>());
        Assert.Contains(build.Container(name).Inputs["mounts"]!.AsArray(), m => m!["target"]!.GetValue<string>() == "/var/lib/postgresql/data");
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Qdrant_check_uses_no_curl_or_wget_and_an_open_endpoint(string variant)
    {
        var check = Health(StackBuild.Of(variant), "qdrant");

        Assert.DoesNotContain("curl", check);
        Assert.DoesNotContain("wget", check);
        Assert.Contains("/dev/tcp/127.0.0.1/6333", check);
        Assert.Contains("GET /readyz", check); // needs no API key
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Minio_check_uses_mc_not_curl(string variant)
    {
        var check = Health(StackBuild.Of(variant), "minio");
        Assert.DoesNotContain("curl", check);
        Assert.Equal("mc ready local", check);
    }

    [Theory]
    [InlineData("standard", "n8n")]
    [InlineData("multi-tenant", "azoth-n8n")]
    public void N8n_check_is_readiness_with_wget(string variant, string name)
    {
        var check = Health(StackBuild.Of(variant), name);
        Assert.DoesNotContain("curl", check); // the image has wget, not curl
        Assert.Contains("http://127.0.0.1:5678/healthz/readiness", check);
    }

    [Fact]
    public void Prometheus_keeps_the_default_arguments_it_overrides()
    {
        var command = StackBuild.Of("standard").Container("prometheus").Inputs["command"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", command);
        Assert.Contains("--storage.tsdb.path=/prometheus", command);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Data_services_keep_their_data_in_retained_volumes(string variant)
    {
        var build = StackBuild.Of(variant);
        foreach (var c in build.Containers)
            foreach (var m in c.Inputs["mounts"] as JsonArray ?? [])
            {
                var volume = build.Referenced(m!["source"], VolumeKind.TypeToken, "name");
                Assert.True(volume.RetainOnDelete, $"{StackBuild.HostName(c)}: {StackBuild.HostName(volume)}");
            }
        Assert.Equal(build.OfType(VolumeKind.TypeToken).Count(), build.OfType(VolumeKind.TypeToken).Select(StackBuild.HostName).Distinct().Count());
    }

    public static TheoryData<string, string, string> DataVolumes()
    {
        var data = new TheoryData<string, string, string>
        {
            // The "data volume" column of §5; "-" for none.
            { "standard+caddy", "postgres", "/var/lib/postgresql/data" },
            { "standard+caddy", "redis", "/data" },
            { "standard+caddy", "mosquitto", "/mosquitto/data" },
            { "standard+caddy", "qdrant", "/qdrant/storage" },
            { "standard+caddy", "minio", "/data" },
            { "standard+caddy", "n8n", "/home/node/.n8n" },
            { "standard+caddy", "ai-proxy", "-" },
            { "standard+caddy", "embed-service", "-" },
            { "standard+caddy", "jeux-text", "-" },
            { "standard+caddy", "strudel", "-" },
            { "standard+caddy", "prometheus", "/prometheus" },
            { "standard+caddy", "grafana", "/var/lib/grafana" },
            { "standard+caddy", "caddy", "/config /data" },
        };
        foreach (var t in StackBuild.Tenants)
        {
            data.Add("multi-tenant", $"{t}-postgres", "/var/lib/postgresql/data");
            data.Add("multi-tenant", $"{t}-redis", "/data");
            data.Add("multi-tenant", $"{t}-mosquitto", "/mosquitto/data");
            data.Add("multi-tenant", $"{t}-n8n", "/home/node/.n8n");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DataVolumes))]
    public void Data_volume_of_the_table(string variant, string container, string targets)
    {
        var mounts = StackBuild.Of(variant).Container(container).Inputs["mounts"] as JsonArray ?? [];
        var actual = mounts.Select(m => m!["target"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(targets == "-" ? [] : targets.Split(' ').ToList(), actual);
        Assert.All(mounts, m => Assert.Equal("volume", m!["type"]!.GetValue<string>()));
    }
}
