using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Docker.Probing;
using Infra.Stacks.Policies;
using Infra.Stacks.Tests.Fixtures;
using Infra.Stacks.Verification;

namespace Infra.Stacks.Tests;

/// <summary>The loopback/edge rule for published ports, and that the policy gate and verify apply the same one.</summary>
public sealed class PublishedPortRuleTests
{
    public static TheoryData<string, string, int, int, bool> Cases() => new()
    {
        { "grafana", "127.0.0.1", 3000, 3000, true },
        { "grafana", "127.0.0.5", 3300, 3000, true },
        { "grafana", "::1", 3000, 3000, true },
        { "grafana", "0.0.0.0", 3000, 3000, false },
        { "grafana", "192.168.1.10", 80, 80, false },
        { "caddy", "0.0.0.0", 80, 80, true },
        { "caddy", "0.0.0.0", 443, 443, true },
        { "caddy", "::", 443, 443, true },
        { "caddy", "127.0.0.1", 8443, 443, true },
        // The edge's HTTPS on another public port: the gate always refused it, verify used to accept it.
        { "caddy", "0.0.0.0", 8443, 443, false },
        { "caddy", "0.0.0.0", 443, 80, false },
        { "caddy", "0.0.0.0", 8081, 8081, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_rule_allows_loopback_and_the_edges_80_and_443_only(string container, string hostIp, int hostPort, int containerPort, bool allowed)
    {
        Assert.Equal(allowed, PublishedPortRule.Allows(container == PublishedPortRule.EdgeContainer, hostIp, hostPort, containerPort));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_policy_gate_and_verify_agree(string container, string hostIp, int hostPort, int containerPort, bool allowed)
    {
        var root = new StackRoot("rule", "test");
        new Container(container, new ContainerArgs
        {
            Image = "x:1",
            Ports = [new ContainerPort { Internal = containerPort, External = hostPort, HostIp = hostIp }],
        }, root);
        var gateAllows = StackPolicies.Check(ProgramRegistration.Register(root), []).Count == 0;

        var verifyAllows = StackExpectations.Allows(PublishedPortRule.EdgeContainer, container, new LivePort(hostIp, hostPort, containerPort, "tcp"));

        Assert.Equal(allowed, gateAllows);
        Assert.Equal(allowed, verifyAllows);
    }

    [Fact]
    public void Verify_expects_the_prefixed_edge_to_publish_443_and_nothing_else_off_loopback()
    {
        var expected = StackExpectations.From(StackBuild.Of("standard+caddy").Desired, new Settings.StackSettings { NamePrefix = "p-", GroqApiKey = System.Text.Json.Nodes.JsonValue.Create("k") });

        Assert.True(expected.AllowsPort("p-caddy", new LivePort("0.0.0.0", 443, 443, "tcp")));
        Assert.False(expected.AllowsPort("p-caddy", new LivePort("0.0.0.0", 2019, 2019, "tcp")));
        Assert.False(expected.AllowsPort("caddy", new LivePort("0.0.0.0", 443, 443, "tcp")));
    }
}
