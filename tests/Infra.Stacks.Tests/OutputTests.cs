using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Random;

namespace Infra.Stacks.Tests;

internal static class Outputs
{
    public static IReadOnlyDictionary<string, string> Urls(StackBuild build) =>
        Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(build.Root.Outputs["urls"]);

    public static JsonObject RootInputs(StackBuild build) => build.Desired.Resources.Single(r => r.Type == StackRoot.TypeToken).Inputs;
}

/// <summary>The stack outputs `infra stack output` shows: urls and secrets (item 12).</summary>
public sealed class OutputTests
{
    private static readonly Dictionary<string, string> SharedUrls = new()
    {
        ["qdrant"] = "http://127.0.0.1:6333",
        ["minio"] = "http://127.0.0.1:9000",
        ["minio-console"] = "http://127.0.0.1:9001",
        ["ai-proxy"] = "http://127.0.0.1:8080",
        ["embed-service"] = "http://127.0.0.1:8000",
        ["jeux-text"] = "http://127.0.0.1:3001",
        ["strudel"] = "http://127.0.0.1:4321",
        ["prometheus"] = "http://127.0.0.1:9090",
        ["grafana"] = "http://127.0.0.1:3000",
    };

    [Fact]
    public void Standard_urls_are_the_loopback_urls_of_the_published_services()
    {
        var expected = new Dictionary<string, string>(SharedUrls)
        {
            ["mosquitto"] = "mqtt://127.0.0.1:1883",
            ["n8n"] = "http://127.0.0.1:5678",
        };
        Assert.Equal(expected.OrderBy(kv => kv.Key), Outputs.Urls(StackBuild.Of("standard")).OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Multi_tenant_urls_are_those_of_the_shared_services_and_of_each_tenants_n8n_and_broker()
    {
        var expected = new Dictionary<string, string>(SharedUrls);
        for (var i = 0; i < StackBuild.Tenants.Length; i++)
        {
            expected[$"{StackBuild.Tenants[i]}-n8n"] = $"http://127.0.0.1:{5679 + i}";
            expected[$"{StackBuild.Tenants[i]}-mosquitto"] = $"mqtt://127.0.0.1:{1884 + i}";
        }
        Assert.Equal(expected.OrderBy(kv => kv.Key), Outputs.Urls(StackBuild.Of("multi-tenant")).OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Every_url_is_a_published_host_port_and_every_published_port_has_a_url(string variant)
    {
        var build = StackBuild.Of(variant);
        var published = build.Containers
            .SelectMany(c => (c.Inputs["ports"] as JsonArray ?? []).Select(p => $"{p!["hostIp"]}:{p["external"]}"))
            .ToHashSet();
        var urlAddresses = Outputs.Urls(build).Values.Select(u => new Uri(u)).Select(u => $"{u.Host}:{u.Port}").ToHashSet();

        Assert.Equal(published, urlAddresses);
    }

    [Fact]
    public void Urls_include_the_tls_listener_only_when_it_is_published()
    {
        using var project = TempProject.CopyOfRepo();
        project.Write("configs/mqtt/certs/server.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        project.Write("configs/mqtt/certs/server.key", "-----BEGIN PRIVATE KEY-----\nTESTKEY0123456789\n-----END PRIVATE KEY-----\n");

        var build = StackBuild.Build(StackBuild.Config(), project.Directory);

        Assert.Equal("mqtts://127.0.0.1:8883", Outputs.Urls(build)["mosquitto-tls"]);
        Assert.Contains(build.Container("mosquitto").Inputs["ports"]!.AsArray(), p => p!["external"]!.GetValue<int>() == 8883);
        var key = build.File("mosquitto", "/mosquitto/config/certs/server.key");
        Assert.True(Secret.IsSecret(key.Content));
        Assert.Contains("listener 8883", build.File("mosquitto", "/mosquitto/config/mosquitto.conf").Text);
    }

    public static TheoryData<string, string[]> GeneratedSecrets()
    {
        var multi = new List<string> { "qdrant-api-key", "minio-root-password", "grafana-admin-password" };
        foreach (var t in StackBuild.Tenants)
            multi.AddRange([$"{t}-postgres-password", $"{t}-redis-password", $"{t}-mosquitto-password", $"{t}-n8n-encryption-key"]);
        return new TheoryData<string, string[]>
        {
            // §5: Postgres, Redis, Mosquitto, Qdrant API key, MinIO root, n8n encryption key, Grafana admin.
            { "standard", ["postgres-password", "redis-password", "mosquitto-password", "qdrant-api-key", "minio-root-password", "n8n-encryption-key", "grafana-admin-password"] },
            { "multi-tenant", multi.ToArray() },
        };
    }

    [Theory]
    [MemberData(nameof(GeneratedSecrets))]
    public void Secrets_output_names_every_generated_secret(string variant, string[] expected)
    {
        var build = StackBuild.Of(variant);
        var secrets = Outputs.RootInputs(build)["secrets"]!.AsObject();

        Assert.Equal(expected.Order(), build.Passwords.Select(p => p.Name).Order());
        Assert.Equal(expected.Order(), secrets.Select(kv => kv.Key).Order());
        foreach (var (name, value) in secrets)
            Assert.Equal(name, build.Referenced(value, RandomProvider.PasswordType, "result").Name);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public async Task Planned_stack_outputs_show_secrets_as_secrets_and_urls_in_clear(string variant)
    {
        var build = StackBuild.Of(variant);
        var plan = await MockProviders.PlanAsync(build.Desired);
        var root = plan.Steps.Single(s => s.Type == StackRoot.TypeToken).PlannedOutputs!;

        Assert.All(root["secrets"]!.AsObject(), kv => Assert.True(Secret.IsSecret(kv.Value), kv.Key));
        Assert.All(root["urls"]!.AsObject(), kv => Assert.StartsWith("127.0.0.1", new Uri(kv.Value!.GetValue<string>()).Host));
        Assert.Equal(variant, root["variant"]!.GetValue<string>());
    }

    [Fact]
    public void Edge_sites_are_exported_with_the_public_domain()
    {
        var sites = Outputs.RootInputs(StackBuild.Of("multi-tenant+caddy"))["sites"]!.AsArray().Select(s => s!.GetValue<string>());
        Assert.Equal(
            new[] { "https://azoth.n8n.example.org", "https://maximus.n8n.example.org", "https://koff.n8n.example.org", "https://grafana.example.org" }.Order(),
            sites.Order());
        Assert.Null(Outputs.RootInputs(StackBuild.Of("multi-tenant"))["sites"]);
    }
}
