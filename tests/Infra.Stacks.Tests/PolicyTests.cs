using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Random;
using Infra.Stacks.Policies;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>Each violation of the policy gate (item 10).</summary>
public sealed class PolicyTests
{
    private const string ConfiguredSecret = "cfg-Secret-value-1234";

    [Fact]
    public void A_container_published_on_every_address_is_a_violation()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:ports", new JsonObject { ["grafana"] = "0.0.0.0:3000" })));
        var violation = Assert.Single(build.Program.CheckPolicies(build.Desired));

        Assert.Contains("'grafana'", violation);
        Assert.Contains("0.0.0.0:3000", violation);
        Assert.Contains("127.0.0.1", violation);
    }

    [Theory]
    [InlineData("0.0.0.0:9090")]
    [InlineData("192.168.1.10:9090")]
    [InlineData(":::9090")]
    public void Any_non_loopback_address_is_a_violation(string address)
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:ports", new JsonObject { ["prometheus"] = address })));
        Assert.Contains("'prometheus'", Assert.Single(build.Program.CheckPolicies(build.Desired)));
    }

    [Fact]
    public void Other_loopback_addresses_are_allowed()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:ports", new JsonObject { ["prometheus"] = "127.0.0.5:9090", ["grafana"] = "[::1]:3000" })));
        Assert.Empty(build.Program.CheckPolicies(build.Desired));
    }

    [Fact]
    public void The_edge_may_publish_80_and_443_on_every_address_but_nothing_else()
    {
        var edge = StackBuild.Build(StackBuild.Config(("infra:caddy", StackBuild.CaddyConfig())));
        Assert.Empty(edge.Program.CheckPolicies(edge.Desired));

        var caddy = StackBuild.CaddyConfig();
        caddy["httpsPort"] = 8443L;
        var odd = StackBuild.Build(StackBuild.Config(("infra:caddy", caddy)));
        var violation = Assert.Single(odd.Program.CheckPolicies(odd.Desired));
        Assert.Contains("'caddy'", violation);
        Assert.Contains("0.0.0.0:8443", violation);
    }

    private static StackRoot Root() => new("policy", "test");

    private static Container Publishing(StackRoot root, string name, params Network[] networks) => new(name, new ContainerArgs
    {
        Image = "nginx:1",
        Networks = networks.Select(n => new ContainerNetwork { Name = n.NetworkName }).ToList(),
        Ports = [new ContainerPort { Internal = 80, External = 8080, HostIp = "127.0.0.1" }],
    }, root);

    [Fact]
    public void Publishing_from_internal_networks_only_is_a_violation()
    {
        var root = Root();
        var monitoring = new Network("mon", new NetworkArgs { Internal = true }, root);
        var other = new Network("mon2", new NetworkArgs { Internal = true }, root);
        Publishing(root, "web", monitoring, other);

        var violation = Assert.Single(StackPolicies.Check(ProgramRegistration.Register(root), []));
        Assert.Contains("'web'", violation);
        Assert.Contains("internal networks", violation);
    }

    [Fact]
    public void Publishing_from_an_internal_and_a_normal_network_is_allowed()
    {
        var root = Root();
        var monitoring = new Network("mon", new NetworkArgs { Internal = true }, root);
        var publish = new Network("pub", new NetworkArgs(), root);
        Publishing(root, "web", monitoring, publish);
        new Container("quiet", new ContainerArgs { Image = "nginx:1", Networks = [new ContainerNetwork { Name = monitoring.NetworkName }] }, root);

        Assert.Empty(StackPolicies.Check(ProgramRegistration.Register(root), []));
    }

    [Fact]
    public void A_generated_secret_in_labels_is_a_violation()
    {
        var root = Root();
        var password = new RandomPassword("pw", new RandomPasswordArgs(), root);
        new Container("leaky", new ContainerArgs
        {
            Image = "nginx:1",
            Env = new Dictionary<string, Input<string>> { ["PASSWORD"] = password.Result },
            Labels = new Dictionary<string, Input<string>> { ["pw"] = password.Result },
        }, root);

        var violation = Assert.Single(StackPolicies.Check(ProgramRegistration.Register(root), []));
        Assert.Contains($"{ContainerKind.TypeToken} 'leaky'", violation);
        Assert.Contains("'labels'", violation);
    }

    [Fact]
    public void A_generated_secret_on_an_object_that_does_not_deliver_it_is_a_violation()
    {
        var root = Root();
        var password = new RandomPassword("pw", new RandomPasswordArgs(), root);
        new Network("net", new NetworkArgs { Labels = new Dictionary<string, Input<string>> { ["x"] = Input.Format("--requirepass {0}", password.Result) } }, root);

        var violation = Assert.Single(StackPolicies.Check(ProgramRegistration.Register(root), []));
        Assert.Contains($"{NetworkKind.TypeToken} 'net'", violation);
        Assert.Contains("'labels'", violation);
    }

    [Fact]
    public void A_configured_secret_pasted_as_plain_text_is_a_violation_even_in_env()
    {
        var root = Root();
        new Container("app", new ContainerArgs
        {
            Image = "app:1",
            Env = new Dictionary<string, Input<string>> { ["API_KEY"] = ConfiguredSecret },
            Command = ["app", "--key", ConfiguredSecret],
        }, root);

        var violations = StackPolicies.Check(ProgramRegistration.Register(root), [ConfiguredSecret]);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("env holds a configured secret as plain text", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'command'", StringComparison.Ordinal));
        Assert.All(violations, v => Assert.DoesNotContain(ConfiguredSecret, v));
    }

    [Fact]
    public void Secrets_as_secret_values_in_env_and_files_are_allowed()
    {
        var root = Root();
        var password = new RandomPassword("pw", new RandomPasswordArgs(), root);
        new Container("app", new ContainerArgs
        {
            Image = "app:1",
            Env = new Dictionary<string, Input<string>> { ["PASSWORD"] = password.Result, ["API_KEY"] = Input<string>.Secret(ConfiguredSecret) },
            Files = [new ContainerFile { Path = "/etc/app.conf", Content = Input.Format("password {0}\n", password.Result) }],
        }, root);

        Assert.Empty(StackPolicies.Check(ProgramRegistration.Register(root), [ConfiguredSecret]));
    }

    [Fact]
    public void The_programs_gate_knows_the_configured_secrets()
    {
        // CheckPolicies passes the config's secrets (Groq key, Caddy passwords) to the gate: the seed stack with
        // the Groq key copied into a plain label would be caught. Here: the gate sees the key in a hand-made resource.
        var build = StackBuild.Of("standard+caddy");
        var root = new StackRoot(StackBuild.Project, StackBuild.Stack);
        new Container("copy", new ContainerArgs { Image = "x:1", Command = ["run", StackBuild.GroqKey], Env = new Dictionary<string, Input<string>> { ["P"] = StackBuild.CaddyPassword } }, root);

        var violations = build.Program.CheckPolicies(ProgramRegistration.Register(root));
        Assert.Equal(2, violations.Count);
    }
}
