using System.Text.Json.Nodes;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Command;

namespace Infra.Stacks.Tests;

/// <summary>Every published port, its address and port; overrides and "off" from infra:ports (item 3).</summary>
public sealed class PublishedPortTests
{
    /// <summary>"container host-ip:host-port->container-port" for every published port of the build.</summary>
    private static IReadOnlySet<string> Published(StackBuild build) =>
        build.Containers.SelectMany(c => (c.Inputs["ports"] as JsonArray ?? []).Select(p =>
            $"{StackBuild.HostName(c)} {p!["hostIp"]?.GetValue<string>()}:{p["external"]?.GetValue<int>()}->{p["internal"]!.GetValue<int>()}"))
        .ToHashSet();

    private static readonly string[] Shared =
    [
        "qdrant 127.0.0.1:6333->6333",
        "minio 127.0.0.1:9000->9000",
        "minio 127.0.0.1:9001->9001",
        "ai-proxy 127.0.0.1:8080->8080",
        "embed-service 127.0.0.1:8000->8000",
        "jeux-text 127.0.0.1:3001->3001",
        "strudel 127.0.0.1:4321->4321",
        "prometheus 127.0.0.1:9090->9090",
        "grafana 127.0.0.1:3000->3000",
    ];

    [Fact]
    public void Standard_variant_publishes_the_table_ports_on_loopback()
    {
        string[] expected = [.. Shared, "mosquitto 127.0.0.1:1883->1883", "n8n 127.0.0.1:5678->5678"];
        Assert.Equal(expected.ToHashSet(), Published(StackBuild.Of("standard")));
    }

    [Fact]
    public void Multi_tenant_variant_publishes_the_shared_services_and_each_tenants_n8n_and_broker_on_ports_of_its_own()
    {
        // Tenant number i (in infra:tenants order) takes the standard port plus i: predictable and distinct.
        string[] tenants =
        [
            "azoth-n8n 127.0.0.1:5679->5678", "azoth-mosquitto 127.0.0.1:1884->1883",
            "maximus-n8n 127.0.0.1:5680->5678", "maximus-mosquitto 127.0.0.1:1885->1883",
            "koff-n8n 127.0.0.1:5681->5678", "koff-mosquitto 127.0.0.1:1886->1883",
        ];
        Assert.Equal(Shared.Concat(tenants).ToHashSet(), Published(StackBuild.Of("multi-tenant")));
        Assert.Equal("http://127.0.0.1:5680", Outputs.Urls(StackBuild.Of("multi-tenant"))["maximus-n8n"]);
        Assert.Equal("mqtt://127.0.0.1:1886", Outputs.Urls(StackBuild.Of("multi-tenant"))["koff-mosquitto"]);
    }

    [Fact]
    public void A_tenants_ports_are_configurable_one_by_one()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:multiTenant", true), ("infra:tenantSettings", new JsonObject
        {
            ["maximus"] = new JsonObject { ["ports"] = new JsonObject { ["n8n"] = 15680L, ["mosquitto"] = "off" } },
        })));
        var published = Published(build);

        Assert.Contains("maximus-n8n 127.0.0.1:15680->5678", published);
        Assert.DoesNotContain(published, p => p.StartsWith("maximus-mosquitto ", StringComparison.Ordinal));
        Assert.Contains("azoth-n8n 127.0.0.1:5679->5678", published);
        Assert.Empty(build.Program.CheckPolicies(build.Desired));
    }

    [Theory]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void The_edge_publishes_80_and_443_on_every_address(string variant)
    {
        var published = Published(StackBuild.Of(variant));
        var caddy = published.Where(p => p.StartsWith("caddy ", StringComparison.Ordinal)).ToHashSet();

        Assert.Equal(new HashSet<string> { "caddy 0.0.0.0:80->80", "caddy 0.0.0.0:443->443" }, caddy);
        Assert.All(published.Except(caddy), p => Assert.Contains(" 127.0.0.1:", p));
    }

    [Fact]
    public void Ports_override_moves_readdresses_and_unpublishes()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:ports", new JsonObject
        {
            ["grafana"] = 3300L,
            ["qdrant"] = "127.0.0.2:7333",
            ["n8n"] = "15678",
            ["minio-console"] = "off",
            ["strudel"] = false,
            ["jeux-text"] = "false",
        })));
        var published = Published(build);

        Assert.Contains("grafana 127.0.0.1:3300->3000", published);
        Assert.Contains("qdrant 127.0.0.2:7333->6333", published);
        Assert.Contains("n8n 127.0.0.1:15678->5678", published);
        Assert.Contains("minio 127.0.0.1:9000->9000", published);
        Assert.DoesNotContain(published, p => p.StartsWith("minio 127.0.0.1:9001", StringComparison.Ordinal));
        Assert.Null(build.Container("strudel").Inputs["ports"]);
        Assert.Null(build.Container("jeux-text").Inputs["ports"]);
        Assert.Equal(Published(StackBuild.Of("standard")).Count - 3, published.Count);

        var urls = Outputs.Urls(build);
        Assert.Equal("http://127.0.0.1:3300", urls["grafana"]);
        Assert.Equal("http://127.0.0.2:7333", urls["qdrant"]);
        Assert.False(urls.ContainsKey("minio-console"));
        Assert.False(urls.ContainsKey("strudel"));
        Assert.False(urls.ContainsKey("jeux-text"));
    }

    [Fact]
    public void Ports_override_in_the_multi_tenant_variant()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:multiTenant", true), ("infra:ports", new JsonObject
        {
            ["qdrant"] = 16333L,
            ["grafana"] = "127.0.0.3:3000",
            ["minio"] = "off",
            ["minio-console"] = "off",
        })));
        var published = Published(build);

        Assert.Contains("qdrant 127.0.0.1:16333->6333", published);
        Assert.Contains("grafana 127.0.0.3:3000->3000", published);
        Assert.Null(build.Container("minio").Inputs["ports"]);
        Assert.Equal(Shared.Length - 2 + 2 * StackBuild.Tenants.Length, published.Count);
        Assert.False(Outputs.Urls(build).ContainsKey("minio"));
        Assert.Equal("http://127.0.0.1:16333", Outputs.Urls(build)["qdrant"]);
        Assert.Empty(build.Program.CheckPolicies(build.Desired));
    }

    [Fact]
    public void Unpublishing_the_broker_keeps_it_on_its_networks()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:ports", new JsonObject { ["mosquitto"] = "off" })));
        Assert.Null(build.Container("mosquitto").Inputs["ports"]);
        Assert.Equal(new HashSet<string> { "backbone_net", "koff_net" }, build.NetworksOf("mosquitto"));
    }

    [Fact]
    public void The_preflight_checks_the_published_host_ports()
    {
        foreach (var variant in new[] { "standard", "standard+caddy" })
        {
            var build = StackBuild.Of(variant);
            var preflight = build.OfType(HostPreflightCheck.TypeToken).Single();
            var checkedPorts = preflight.Inputs["ports"]!.AsArray().Select(p => p!.GetValue<int>()).ToHashSet();
            var published = Published(build).Select(p => int.Parse(p.Split(':')[1].Split("->")[0])).ToHashSet();

            Assert.Equal(published, checkedPorts);
        }
    }

    [Fact]
    public void Every_container_waits_for_the_preflight()
    {
        var build = StackBuild.Of("standard");
        var preflight = build.OfType(HostPreflightCheck.TypeToken).Single();
        Assert.All(build.Containers, c => Assert.Contains(preflight.Urn, c.Dependencies));
    }
}
