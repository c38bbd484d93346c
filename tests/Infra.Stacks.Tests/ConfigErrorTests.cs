using System.Text.Json.Nodes;
using Infra.Engine;
using Infra.Engine.Properties;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>Bad stack config fails the build with a ConfigException naming the file and the key (item 9).</summary>
public sealed class ConfigErrorTests
{
    private static ConfigException BuildFails(JsonObject config)
    {
        var e = Assert.Throws<ConfigException>(() => new SeedStackProgram().Build(StackBuild.Context(config)));
        Assert.StartsWith(StackBuild.ConfigPath + ": ", e.Message);
        return e;
    }

    private static void AssertNames(ConfigException e, string key, string? detail = null)
    {
        Assert.Contains($"{StackBuild.ConfigPath}: {key}: ", e.Message);
        if (detail is not null) Assert.Contains(detail, e.Message);
    }

    [Fact]
    public void Unknown_key()
    {
        var e = BuildFails(StackBuild.Config(("infra:multiTennant", true)));
        AssertNames(e, "infra:multiTennant", "unknown key");
    }

    [Fact]
    public void Unknown_key_inside_caddy()
    {
        var e = BuildFails(StackBuild.Config(("infra:caddy", new JsonObject { ["enabled"] = true, ["domain"] = "x.org" })));
        AssertNames(e, "infra:caddy.domain", "unknown key");
    }

    [Theory]
    [InlineData("infra:multiTenant", "\"maybe\"", "infra:multiTenant", "true or false")]
    [InlineData("infra:multiTenant", "3", "infra:multiTenant", "true or false")]
    [InlineData("infra:tenants", "\"azoth\"", "infra:tenants", "list")]
    [InlineData("infra:ports", "[1883]", "infra:ports", "mapping")]
    [InlineData("infra:ports", "{\"grafana\": \"three thousand\"}", "infra:ports.grafana", "port must be between 1 and 65535")]
    [InlineData("infra:ports", "{\"grafana\": 70000}", "infra:ports.grafana", "between 1 and 65535")]
    [InlineData("infra:ports", "{\"grafana\": true}", "infra:ports.grafana", "port number")]
    [InlineData("infra:healthTimeoutSeconds", "\"soon\"", "infra:healthTimeoutSeconds", "whole number")]
    [InlineData("infra:images", "{\"postgres\": \"postgres 17\"}", "infra:images.postgres", "image reference")]
    [InlineData("infra:caddy", "{\"enabled\": \"yes please\"}", "infra:caddy.enabled", "true or false")]
    [InlineData("infra:caddy", "{\"enabled\": true}", "infra:caddy.users", "at least one user")]
    public void Wrong_type_or_value(string key, string json, string namedKey, string detail)
    {
        var e = BuildFails(StackBuild.Config((key, JsonNode.Parse(json))));
        AssertNames(e, namedKey, detail);
    }

    [Fact]
    public void Unknown_port_name()
    {
        var e = BuildFails(StackBuild.Config(("infra:ports", new JsonObject { ["postgres"] = 5432L })));
        AssertNames(e, "infra:ports.postgres", "unknown port");
    }

    [Fact]
    public void Port_clash_between_two_services()
    {
        var e = BuildFails(StackBuild.Config(("infra:ports", new JsonObject { ["grafana"] = 9090L })));
        AssertNames(e, "infra:ports.grafana", "clashes with infra:ports.prometheus");
    }

    [Fact]
    public void Port_clash_with_an_explicit_address()
    {
        var e = BuildFails(StackBuild.Config(("infra:ports", new JsonObject { ["strudel"] = "127.0.0.1:8080" })));
        Assert.Contains("infra:ports.strudel", e.Message);
        Assert.Contains("infra:ports.ai-proxy", e.Message);
    }

    [Fact]
    public void Port_clash_with_the_edge()
    {
        var caddy = StackBuild.CaddyConfig();
        var e = BuildFails(StackBuild.Config(("infra:caddy", caddy), ("infra:ports", new JsonObject { ["grafana"] = 443L })));
        Assert.Contains("infra:caddy.httpsPort", e.Message);
        Assert.Contains("infra:ports.grafana", e.Message);
        Assert.Contains("clashes", e.Message);
    }

    [Fact]
    public void Same_port_on_two_different_loopback_addresses_is_no_clash()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:ports", new JsonObject { ["grafana"] = "127.0.0.2:9090" })));
        Assert.Equal("127.0.0.2", build.Container("grafana").Inputs["ports"]![0]!["hostIp"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("1abc")]
    [InlineData("a")]
    [InlineData("with-dash")]
    public void Invalid_tenant_name(string tenant)
    {
        var e = BuildFails(StackBuild.Config(("infra:multiTenant", true), ("infra:tenants", new JsonArray("azoth", tenant))));
        AssertNames(e, "infra:tenants", $"invalid tenant name '{tenant}'");
    }

    [Fact]
    public void Duplicate_tenant()
    {
        var e = BuildFails(StackBuild.Config(("infra:multiTenant", true), ("infra:tenants", new JsonArray("azoth", "azoth"))));
        AssertNames(e, "infra:tenants", "listed twice");
    }

    [Fact]
    public void Missing_required_secret()
    {
        var e = BuildFails(StackBuild.Config(("infra:groqApiKey", null)));
        AssertNames(e, "infra:groqApiKey", "missing required secret");
    }

    [Fact]
    public void Groq_key_given_as_plain_text()
    {
        var e = BuildFails(StackBuild.Config(("infra:groqApiKey", StackBuild.GroqKey)));
        AssertNames(e, "infra:groqApiKey", "must be a secret");
        Assert.DoesNotContain(StackBuild.GroqKey, e.Message);
    }

    [Fact]
    public void Caddy_user_password_given_as_plain_text()
    {
        var caddy = StackBuild.CaddyConfig();
        caddy["users"] = new JsonObject { ["admin"] = StackBuild.CaddyPassword };
        var e = BuildFails(StackBuild.Config(("infra:caddy", caddy)));
        AssertNames(e, "infra:caddy.users.admin", "must be a secret");
        Assert.DoesNotContain(StackBuild.CaddyPassword, e.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_line_each()
    {
        var e = BuildFails(StackBuild.Config(
            ("infra:groqApiKey", null),
            ("infra:multiTenant", "maybe"),
            ("infra:colour", "blue"),
            ("infra:ports", new JsonObject { ["grafana"] = 9090L })));

        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith(StackBuild.ConfigPath + ": ", l));
        Assert.Contains(lines, l => l.Contains("infra:groqApiKey", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:multiTenant", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:colour", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:ports.grafana", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_where_a_plain_value_is_expected_is_a_type_error_that_does_not_leak_it()
    {
        var e = BuildFails(StackBuild.Config(("infra:namePrefix", Secret.Wrap(JsonValue.Create("s3cr3t-prefix")))));
        AssertNames(e, "infra:namePrefix", "must be a string");
        Assert.DoesNotContain("s3cr3t-prefix", e.Message);
    }
}
