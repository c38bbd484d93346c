using System.Text.Json.Nodes;
using Infra.Engine;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>
/// Bad config of the workers, the tenants' ports and the edge stops the build (before any provider is called)
/// with one line naming the key.
/// </summary>
public sealed class IssueTenConfigErrorTests
{
    private static string Fails(params (string Key, object? Value)[] entries)
    {
        var e = Assert.Throws<ConfigException>(() => new SeedStackProgram().Build(StackBuild.Context(StackBuild.Config(entries))));
        Assert.Single(e.Message.Split(Environment.NewLine));
        Assert.StartsWith(StackBuild.ConfigPath + ": ", e.Message);
        return e.Message;
    }

    private static JsonObject Caddy(string key, JsonNode? value)
    {
        var caddy = StackBuild.CaddyConfig();
        caddy[key] = value;
        return caddy;
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(17L)]
    [InlineData(100L)]
    public void A_worker_count_outside_1_to_16(long workers)
    {
        Assert.Contains("infra:n8nWorkers: must be a whole number between 1 and 16", Fails(("infra:n8nWorkers", workers)));
    }

    [Fact]
    public void A_tenants_worker_count_outside_1_to_16()
    {
        var message = Fails(("infra:multiTenant", true),
            ("infra:tenantSettings", new JsonObject { ["koff"] = new JsonObject { ["n8nWorkers"] = 0L } }));
        Assert.Contains("infra:tenantSettings.koff.n8nWorkers: must be a whole number between 1 and 16", message);
    }

    [Fact]
    public void Two_tenants_on_one_port()
    {
        var message = Fails(("infra:multiTenant", true),
            ("infra:tenantSettings", new JsonObject { ["koff"] = new JsonObject { ["ports"] = new JsonObject { ["n8n"] = 5679L } } }));
        Assert.Contains("infra:tenantSettings.koff.ports.n8n: port 127.0.0.1:5679 clashes with infra:tenantSettings.azoth.ports.n8n", message);
    }

    [Fact]
    public void A_tenants_port_on_a_shared_services_port()
    {
        var message = Fails(("infra:multiTenant", true),
            ("infra:tenantSettings", new JsonObject { ["maximus"] = new JsonObject { ["ports"] = new JsonObject { ["mosquitto"] = 3000L } } }));
        Assert.Contains("infra:tenantSettings.maximus.ports.mosquitto: port 127.0.0.1:3000 clashes with infra:ports.grafana", message);
    }

    [Fact]
    public void Settings_for_a_tenant_that_is_not_one()
    {
        var message = Fails(("infra:multiTenant", true), ("infra:tenantSettings", new JsonObject { ["zeta"] = new JsonObject() }));
        Assert.Contains("infra:tenantSettings.zeta: not a tenant of infra:tenants", message);
    }

    [Fact]
    public void An_unknown_tenant_port()
    {
        var message = Fails(("infra:multiTenant", true),
            ("infra:tenantSettings", new JsonObject { ["azoth"] = new JsonObject { ["ports"] = new JsonObject { ["postgres"] = 5432L } } }));
        Assert.Contains("infra:tenantSettings.azoth.ports.postgres: unknown port", message);
    }

    [Theory]
    [InlineData("YOUR_DOMAIN")]
    [InlineData("n8n.YOUR_DOMAIN")]
    [InlineData("localhost")]
    [InlineData("not a domain.org")]
    public void An_edge_with_a_placeholder_or_no_domain(string domain)
    {
        Assert.Contains("infra:caddy.publicDomain: ", Fails(("infra:caddy", Caddy("publicDomain", domain))));
    }

    [Theory]
    [InlineData("YOUR_EMAIL_FOR_LETSENCRYPT")]
    [InlineData("YOUR_EMAIL@example.org")]
    [InlineData("ops.example.org")]
    [InlineData("ops@localhost")]
    public void An_edge_with_a_placeholder_or_no_email_address(string email)
    {
        Assert.Contains("infra:caddy.email: ", Fails(("infra:caddy", Caddy("email", email))));
    }

    [Fact]
    public void The_placeholders_of_a_disabled_edge_are_no_error()
    {
        var caddy = Caddy("publicDomain", "YOUR_DOMAIN");
        caddy["email"] = "YOUR_EMAIL";
        caddy["enabled"] = false;
        Assert.Null(StackBuild.Build(StackBuild.Config(("infra:caddy", caddy))).Root.Outputs.GetValueOrDefault("sites"));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("qdrant")]
    [InlineData("nextcloud")]
    public void A_route_to_a_service_the_edge_does_not_route_to(string service)
    {
        var message = Fails(("infra:caddy", Caddy("routes", new JsonArray("n8n", service))));
        Assert.Contains($"infra:caddy.routes: unknown service '{service}' (the edge routes to: n8n, ai-proxy, jeux-text, strudel, grafana)", message);
    }
}
