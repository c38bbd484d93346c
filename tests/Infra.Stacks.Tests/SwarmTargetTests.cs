using System.Text.Json.Nodes;
using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Random;
using Infra.Stacks.Policies;
using Infra.Stacks.Verification;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>
/// <c>infra:target: swarm</c>: the same bricks as Swarm services. Stateful services (the catalog's <c>KeepsData</c>) run
/// once on the labelled nodes, the others as many times as <c>infra:swarm.replicas</c> says; networks are overlays;
/// only the edge publishes.
/// </summary>
public sealed class SwarmTargetTests
{
    private static readonly Dictionary<string, Lazy<StackBuild>> SwarmBuilds = new[] { "standard", "multi-tenant", "standard+caddy", "multi-tenant+caddy" }
        .ToDictionary(v => v, v => new Lazy<StackBuild>(() => StackBuild.Build(VariantConfig(v, ("infra:target", "swarm")))));

    /// <summary>The stateful label, replicas and workers all set.</summary>
    private static readonly Lazy<StackBuild> Tuned = new(() => StackBuild.Build(StackBuild.Config(
        ("infra:target", "swarm"),
        ("infra:n8nWorkers", 3L),
        ("infra:swarm", new JsonObject
        {
            ["statefulLabel"] = "zone=eu-1",
            ["replicas"] = new JsonObject { ["ai-proxy"] = 3L, ["strudel"] = 0L, ["jeux-text"] = "2", ["postgres"] = 1L },
        }))));

    private static JsonObject VariantConfig(string variant, params (string Key, object? Value)[] more) =>
        StackBuild.Config([
            .. variant.StartsWith("multi-tenant", StringComparison.Ordinal) ? new (string, object?)[] { ("infra:multiTenant", true) } : [],
            .. variant.EndsWith("+caddy", StringComparison.Ordinal) ? new (string, object?)[] { ("infra:caddy", StackBuild.CaddyConfig()) } : [],
            .. more,
        ]);

    private static StackBuild Swarm(string variant) => SwarmBuilds[variant].Value;

    private static IReadOnlyList<DesiredResource> Services(StackBuild build) => build.OfType(ServiceKind.TypeToken).ToList();

    private static DesiredResource ServiceNamed(StackBuild build, string name) =>
        Services(build).SingleOrDefault(s => StackBuild.HostName(s) == name)
        ?? throw new Xunit.Sdk.XunitException($"no service named '{name}' (have: {string.Join(", ", Services(build).Select(StackBuild.HostName))})");

    private static ServiceSpec CatalogEntry(DesiredResource workload)
    {
        var label = workload.Inputs["labels"]?[ServiceContainer.ServiceLabel]?.GetValue<string>();
        return ServiceCatalog.Find(label ?? "") ?? throw new Xunit.Sdk.XunitException($"{StackBuild.HostName(workload)}: '{label}' is not a catalog service");
    }

    private static int Replicas(DesiredResource service) => service.Inputs["replicas"]!.GetValue<int>();

    private static IReadOnlyList<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();

    private static bool MountsAVolume(DesiredResource workload) =>
        (workload.Inputs["mounts"] as JsonArray ?? []).Any(m => (m?["type"]?.GetValue<string>() ?? "volume") == "volume");

    public static TheoryData<string> Variants => new("standard", "multi-tenant", "standard+caddy", "multi-tenant+caddy");

    // --- what is created ------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_container_and_no_volume_only_services(string variant)
    {
        var build = Swarm(variant);

        Assert.Empty(build.Containers);
        Assert.Empty(build.OfType(VolumeKind.TypeToken));
        Assert.Empty(build.OfType(HostPreflightCheck.TypeToken));
        Assert.NotEmpty(Services(build));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_same_bricks_as_on_one_host_with_the_same_env_files_health_checks_networks_and_volume_names(string variant)
    {
        var host = StackBuild.Of(variant);
        var swarm = Swarm(variant);
        // On one host numbered workers, on a swarm one service of workers.
        static string Workload(string container) => System.Text.RegularExpressions.Regex.Replace(container, "(n8n-worker)-[0-9]+$", "$1");

        Assert.Equal(host.ContainerNames.Select(Workload).ToHashSet(), Services(swarm).Select(StackBuild.HostName).ToHashSet());
        foreach (var container in host.Containers)
        {
            var service = ServiceNamed(swarm, Workload(StackBuild.HostName(container)));
            foreach (var key in new[] { "env", "files", "healthcheck", "command", "entrypoint", "user", "labels" })
                Assert.True(JsonNode.DeepEquals(container.Inputs[key], service.Inputs[key]), $"{StackBuild.HostName(container)}: {key} differs");
            Assert.Equal(host.NetworkAttachments(container), swarm.NetworkAttachments(service));
            var volumes = (container.Inputs["mounts"] as JsonArray ?? [])
                .Select(m => (StackBuild.HostName(host.Referenced(m!["source"], VolumeKind.TypeToken, "name")), m["target"]!.GetValue<string>()));
            var swarmVolumes = (service.Inputs["mounts"] as JsonArray ?? []).Select(m => (m!["source"]!.GetValue<string>(), m["target"]!.GetValue<string>()));
            Assert.Equal(volumes, swarmVolumes);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_network_is_an_attachable_overlay_internal_where_it_is_on_one_host(string variant)
    {
        var host = StackBuild.Of(variant).Networks.ToDictionary(StackBuild.HostName);
        var swarm = Swarm(variant).Networks.ToList();

        Assert.Equal(host.Keys.Order(StringComparer.Ordinal), swarm.Select(StackBuild.HostName).Order(StringComparer.Ordinal));
        Assert.Contains(host.Values, n => n.Inputs["internal"]?.GetValue<bool>() == true);
        foreach (var network in swarm)
        {
            Assert.Equal("overlay", network.Inputs["driver"]?.GetValue<string>());
            Assert.True(network.Inputs["attachable"]?.GetValue<bool>(), StackBuild.HostName(network));
            Assert.Equal(host[StackBuild.HostName(network)].Inputs["internal"]?.GetValue<bool>() == true, network.Inputs["internal"]?.GetValue<bool>() == true);
        }
    }

    // --- placement -----------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_service_that_keeps_data_runs_once_pinned_to_the_default_label_and_stopped_before_its_update(string variant)
    {
        var stateful = Services(Swarm(variant)).Where(s => CatalogEntry(s).KeepsData).ToList();

        Assert.NotEmpty(stateful);
        Assert.Contains(stateful, s => CatalogEntry(s) == ServiceCatalog.Postgres);
        foreach (var service in stateful)
        {
            Assert.Equal(1, Replicas(service));
            Assert.Equal(["node.labels.infra.stateful==true"], Strings(service.Inputs["constraints"]));
            Assert.Equal("stop-first", service.Inputs["updateOrder"]?.GetValue<string>());
            Assert.Equal("dnsrr", service.Inputs["endpointMode"]?.GetValue<string>());
        }
    }

    [Fact]
    public void The_stateful_label_comes_from_infra_swarm_statefulLabel()
    {
        var stateful = Services(Tuned.Value).Where(s => CatalogEntry(s).KeepsData).ToList();

        Assert.Equal(ServiceCatalog.All.Where(s => s.KeepsData && s != ServiceCatalog.Caddy).Select(s => s.Name).Order(),
            stateful.Select(s => CatalogEntry(s).Name).Order());
        Assert.All(stateful, s => Assert.Equal(["node.labels.zone==eu-1"], Strings(s.Inputs["constraints"])));
        Assert.Equal(1, Replicas(ServiceNamed(Tuned.Value, "postgres")));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_stateless_service_spreads_one_replica_by_default_unpinned_started_before_the_old_one_stops(string variant)
    {
        var stateless = Services(Swarm(variant)).Where(s => !CatalogEntry(s).KeepsData).ToList();

        Assert.NotEmpty(stateless);
        foreach (var service in stateless)
        {
            Assert.Equal(1, Replicas(service));
            Assert.Null(service.Inputs["constraints"]);
            Assert.Equal("start-first", service.Inputs["updateOrder"]?.GetValue<string>());
            Assert.Equal("dnsrr", service.Inputs["endpointMode"]?.GetValue<string>());
        }
    }

    [Fact]
    public void A_stateless_service_runs_as_many_replicas_as_infra_swarm_replicas_says()
    {
        var build = Tuned.Value;

        Assert.Equal(3, Replicas(ServiceNamed(build, "ai-proxy")));
        Assert.Equal(0, Replicas(ServiceNamed(build, "strudel")));
        Assert.Equal(2, Replicas(ServiceNamed(build, "jeux-text")));
        Assert.Equal(1, Replicas(ServiceNamed(build, "embed-service")));
        Assert.Null(ServiceNamed(build, "ai-proxy").Inputs["constraints"]);
    }

    [Fact]
    public void The_n8n_workers_are_one_service_with_infra_n8nWorkers_replicas()
    {
        var build = Tuned.Value;

        var worker = ServiceNamed(build, "n8n-worker");
        Assert.Equal(3, Replicas(worker));
        Assert.Equal(ServiceCatalog.N8nWorker, CatalogEntry(worker));
        Assert.Single(Services(build), s => CatalogEntry(s) == ServiceCatalog.N8nWorker);
        Assert.Equal(1, Replicas(ServiceNamed(Swarm("standard"), "n8n-worker")));
    }

    [Fact]
    public void Each_tenants_workers_are_one_service_with_that_tenants_number_of_workers()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:target", "swarm"), ("infra:multiTenant", true), ("infra:n8nWorkers", 2L),
            ("infra:tenantSettings", new JsonObject { ["koff"] = new JsonObject { ["n8nWorkers"] = 4L } })));

        var workers = Services(build).Where(s => CatalogEntry(s) == ServiceCatalog.N8nWorker).ToDictionary(StackBuild.HostName, Replicas);
        Assert.Equal(new Dictionary<string, int> { ["azoth-n8n-worker"] = 2, ["maximus-n8n-worker"] = 2, ["koff-n8n-worker"] = 4 }, workers);
    }

    // --- publishing ----------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Only_the_edge_publishes_on_the_node_that_runs_it(string variant)
    {
        var publishing = Services(Swarm(variant)).Where(s => s.Inputs["ports"] is JsonArray { Count: > 0 }).ToList();

        var caddy = Assert.Single(publishing);
        Assert.Equal(ServiceCatalog.Caddy, CatalogEntry(caddy));
        var ports = caddy.Inputs["ports"]!.AsArray()
            .Select(p => (p!["target"]!.GetValue<int>(), p["published"]!.GetValue<int>(), p["mode"]?.GetValue<string>())).Order().ToList();
        Assert.Equal([(80, 80, "host"), (443, 443, "host")], ports);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public void Without_the_edge_nothing_publishes_not_even_on_loopback(string variant)
    {
        Assert.All(Services(Swarm(variant)), s => Assert.Null(s.Inputs["ports"]));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Verify_expects_each_service_with_its_replicas(string variant)
    {
        var build = Swarm(variant);
        var expected = StackExpectations.Containers(build.Desired).ToDictionary(c => c.Name);

        Assert.Equal(Services(build).Count, expected.Count);
        foreach (var service in Services(build))
            Assert.Equal(Replicas(service), expected[StackBuild.HostName(service)].Replicas);
        Assert.All(StackExpectations.Containers(StackBuild.Of(variant).Desired), c => Assert.Null(c.Replicas));
    }

    // --- the default target ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant+caddy")]
    public void The_default_target_builds_containers_exactly_as_an_explicit_single_host(string variant)
    {
        var byDefault = StackBuild.Of(variant);
        var explicitly = StackBuild.Build(VariantConfig(variant, ("infra:target", "single-host")));

        Assert.Empty(byDefault.OfType(ServiceKind.TypeToken));
        Assert.NotEmpty(byDefault.Containers);
        Assert.NotEmpty(byDefault.OfType(VolumeKind.TypeToken));
        Assert.Single(byDefault.OfType(HostPreflightCheck.TypeToken));
        Assert.All(byDefault.Networks, n => Assert.Null(n.Inputs["driver"]));
        Assert.All(byDefault.Networks, n => Assert.Null(n.Inputs["attachable"]));
        Assert.Equal(byDefault.Desired.Resources.Select(r => r.Urn), explicitly.Desired.Resources.Select(r => r.Urn));
        foreach (var (a, b) in byDefault.Desired.Resources.Zip(explicitly.Desired.Resources))
            Assert.True(JsonNode.DeepEquals(a.Inputs, b.Inputs), $"{a.Urn} differs");
    }

    // --- two sources of truth ------------------------------------------------------------------------------------------------

    [Fact]
    public void The_catalogs_KeepsData_is_exactly_the_services_that_mount_a_data_volume_on_one_host()
    {
        var containers = new[] { "standard+caddy", "multi-tenant+caddy" }.SelectMany(v => StackBuild.Of(v).Containers).ToList();
        var byService = containers.GroupBy(c => CatalogEntry(c).Name).ToDictionary(g => g.Key, g => g.Select(MountsAVolume).Distinct().ToList());

        Assert.Equal(ServiceCatalog.All.Select(s => s.Name).Order(), byService.Keys.Order());
        foreach (var service in ServiceCatalog.All)
            Assert.True(byService[service.Name].SequenceEqual([service.KeepsData]),
                $"{service.Name}: KeepsData is {service.KeepsData}, its containers mount a volume: {string.Join("/", byService[service.Name])}");
    }

    // --- config errors -------------------------------------------------------------------------------------------------------

    private static ConfigException BuildFails(JsonObject config)
    {
        var e = Assert.Throws<ConfigException>(() => new SeedStackProgram().Build(StackBuild.Context(config)));
        Assert.StartsWith(StackBuild.ConfigPath + ": ", e.Message);
        return e;
    }

    private static void AssertNames(ConfigException e, string key, string detail)
    {
        Assert.Contains($"{StackBuild.ConfigPath}: {key}: ", e.Message);
        Assert.Contains(detail, e.Message);
    }

    private static JsonObject SwarmConfig(JsonObject swarm) => StackBuild.Config(("infra:target", "swarm"), ("infra:swarm", swarm));

    [Fact]
    public void An_unknown_target_is_refused()
    {
        AssertNames(BuildFails(StackBuild.Config(("infra:target", "k8s"))), "infra:target", "must be single-host or swarm, not 'k8s'");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("single-host")]
    public void Infra_swarm_without_target_swarm_is_refused(string? target)
    {
        var e = BuildFails(StackBuild.Config(("infra:target", target), ("infra:swarm", new JsonObject { ["replicas"] = new JsonObject { ["ai-proxy"] = 2L } })));
        AssertNames(e, "infra:swarm", "is only read with infra:target: swarm");
    }

    [Theory]
    [InlineData("{\"replicas\": {\"postgres\": 2}}", "infra:swarm.replicas.postgres", "runs as one replica, not 2")]
    [InlineData("{\"replicas\": {\"caddy\": 0}}", "infra:swarm.replicas.caddy", "runs as one replica, not 0")]
    [InlineData("{\"replicas\": {\"nope\": 1}}", "infra:swarm.replicas.nope", "unknown service")]
    [InlineData("{\"replicas\": {\"n8n-worker\": 2}}", "infra:swarm.replicas.n8n-worker", "infra:n8nWorkers")]
    [InlineData("{\"replicas\": {\"ai-proxy\": 33}}", "infra:swarm.replicas.ai-proxy", "whole number between 0 and 32")]
    [InlineData("{\"replicas\": {\"ai-proxy\": -1}}", "infra:swarm.replicas.ai-proxy", "whole number between 0 and 32")]
    [InlineData("{\"replicas\": 3}", "infra:swarm.replicas", "must be a mapping")]
    [InlineData("{\"zones\": [\"eu\"]}", "infra:swarm.zones", "unknown key")]
    [InlineData("{\"statefulLabel\": \"stateful\"}", "infra:swarm.statefulLabel", "'stateful' is not a node label")]
    [InlineData("{\"statefulLabel\": \"=true\"}", "infra:swarm.statefulLabel", "is not a node label")]
    [InlineData("{\"statefulLabel\": \"zone=\"}", "infra:swarm.statefulLabel", "is not a node label")]
    public void A_bad_infra_swarm_is_refused_naming_the_key(string swarm, string key, string detail)
    {
        AssertNames(BuildFails(SwarmConfig(JsonNode.Parse(swarm)!.AsObject())), key, detail);
    }

    [Fact]
    public void Every_problem_under_infra_swarm_is_reported_at_once()
    {
        var e = BuildFails(SwarmConfig(new JsonObject
        {
            ["statefulLabel"] = "stateful",
            ["replicas"] = new JsonObject { ["postgres"] = 2L, ["nope"] = 1L },
        }));

        AssertNames(e, "infra:swarm.statefulLabel", "not a node label");
        AssertNames(e, "infra:swarm.replicas.postgres", "one replica");
        AssertNames(e, "infra:swarm.replicas.nope", "unknown service");
    }

    [Fact]
    public void One_replica_of_a_stateful_service_is_accepted()
    {
        var build = StackBuild.Build(SwarmConfig(new JsonObject { ["replicas"] = new JsonObject { ["postgres"] = 1L, ["grafana"] = "1" } }));
        Assert.Equal(1, Replicas(ServiceNamed(build, "postgres")));
    }

    // --- the policy gate -----------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_swarm_stack_passes_the_policy_gate_secret_env_values_of_services_included(string variant)
    {
        var build = Swarm(variant);

        Assert.Contains(Services(build), s => (s.Inputs["env"] as JsonObject ?? []).Any(kv => build.IsPasswordReference(kv.Value)));
        Assert.Empty(build.Program.CheckPolicies(build.Desired));
    }

    [Fact]
    public void The_edge_on_a_swarm_may_publish_80_and_443_but_nothing_else()
    {
        var caddy = StackBuild.CaddyConfig();
        caddy["httpsPort"] = 8443L;
        var build = StackBuild.Build(StackBuild.Config(("infra:target", "swarm"), ("infra:caddy", caddy)));

        var violation = Assert.Single(build.Program.CheckPolicies(build.Desired));
        Assert.Contains($"{ServiceKind.TypeToken} 'caddy'", violation);
        Assert.Contains("8443", violation);
    }

    private static Service Publishing(StackRoot root, string name, int target, int published) => new(name, new ServiceArgs
    {
        Image = "nginx:1",
        Ports = [new ServicePort { Target = target, Published = published, Mode = "host" }],
    }, root);

    [Fact]
    public void A_service_that_publishes_and_is_not_the_edge_is_a_violation()
    {
        var root = new StackRoot("policy", "test");
        Publishing(root, "grafana", 3000, 3000);
        Publishing(root, "caddy", 443, 443);
        Publishing(root, "web", 80, 80);

        var violations = StackPolicies.Check(ProgramRegistration.Register(root), []);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains($"{ServiceKind.TypeToken} 'grafana' publishes port 3000", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains($"{ServiceKind.TypeToken} 'web' publishes port 80", StringComparison.Ordinal));
        Assert.All(violations, v => Assert.Contains("only the edge publishes", v, StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_env_values_and_files_of_a_service_are_not_plaintext_but_a_configured_secret_pasted_in_is()
    {
        const string configured = "cfg-Swarm-secret-5678";
        var root = new StackRoot("policy", "test");
        var password = new RandomPassword("pw", new RandomPasswordArgs(), root);
        new Service("app", new ServiceArgs
        {
            Image = "app:1",
            Env = new Dictionary<string, Input<string>> { ["PASSWORD"] = password.Result, ["API_KEY"] = Input<string>.Secret(configured) },
            Files = [new ContainerFile { Path = "/etc/app.conf", Content = Input.Format("password {0}\n", password.Result) }],
        }, root);
        Assert.Empty(StackPolicies.Check(ProgramRegistration.Register(root), [configured]));

        new Service("leaky", new ServiceArgs { Image = "app:1", Env = new Dictionary<string, Input<string>> { ["API_KEY"] = configured } }, root);
        new Service("labelled", new ServiceArgs { Image = "app:1", Labels = new Dictionary<string, Input<string>> { ["pw"] = password.Result } }, root);
        var violations = StackPolicies.Check(ProgramRegistration.Register(root), [configured]);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains($"{ServiceKind.TypeToken} 'leaky': env holds a configured secret as plain text", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains($"{ServiceKind.TypeToken} 'labelled'", StringComparison.Ordinal) && v.Contains("'labels'", StringComparison.Ordinal));
    }
}
