using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>
/// What a change of the stack config does to the next plan. The mocked Docker provider diffs with the Docker
/// provider's own rules, so "replaced" and "updated in place" here are what a real run would do.
/// </summary>
public sealed class ConfigChangePlanTests
{
    /// <summary>The plan after an up of <paramref name="before"/>, for <paramref name="after"/> and the project's configs as <paramref name="edit"/> leaves them.</summary>
    /// <summary>The plan after an up of <paramref name="before"/>, for <paramref name="after"/> and the project's configs as <paramref name="edit"/> leaves them.</summary>
    private static async Task<Plan> PlanChangeAsync(JsonObject before, JsonObject after, Action<TempProject>? edit = null)
    {
        using var project = TempProject.CopyOfRepo();
        var first = await MockProviders.PlanAsync(StackBuild.Build(before, project.Directory).Desired);
        edit?.Invoke(project);
        return await MockProviders.PlanAsync(StackBuild.Build(after, project.Directory).Desired, MockProviders.StateAfter(first));
    }

    private static IEnumerable<string> Changed(Plan plan, string type) =>
        plan.Steps.Where(s => s.Op != StepOp.Same && s.Type == type).Select(s => $"{s.Op} {s.Name}").Order();

    [Fact]
    public async Task A_config_file_change_replaces_only_its_container_removing_the_old_one_first()
    {
        var second = await PlanChangeAsync(StackBuild.Config(), StackBuild.Config(),
            project => project.Append("configs/prometheus/prometheus.yml", "# edited\n"));

        var step = Assert.Single(second.Steps, s => s.Op != StepOp.Same);
        Assert.Equal(("docker:Container", "prometheus", StepOp.Replace), (step.Type, step.Name, step.Op));
        Assert.Equal(["files"], step.ReplaceKeysOrEmpty);
        Assert.True(step.DeleteBeforeReplace); // container names are fixed: the old one must go first
    }

    [Fact]
    public async Task A_new_health_timeout_updates_every_container_in_place()
    {
        var second = await PlanChangeAsync(StackBuild.Config(), StackBuild.Config(("infra:healthTimeoutSeconds", 300L)));

        var containers = StackBuild.Of("standard").ContainerNames.Select(n => $"Update {n}").Order();
        Assert.Equal(containers, Changed(second, "docker:Container"));
        Assert.All(second.Steps.Where(s => s.Op != StepOp.Same), s => Assert.Equal(["waitTimeoutSeconds"], s.Changes.Select(c => c.TopLevelKey).Distinct()));
    }

    [Fact]
    public async Task Moving_a_published_port_replaces_only_that_container()
    {
        var second = await PlanChangeAsync(StackBuild.Config(), StackBuild.Config(("infra:ports", new JsonObject { ["grafana"] = 3300L })));

        Assert.Equal(["Replace grafana"], Changed(second, "docker:Container"));
        Assert.Equal(["ports"], second.Steps.Single(s => s.Name == "grafana" && s.Type == "docker:Container").ReplaceKeysOrEmpty);
        // The preflight checks the new host port; no other Docker object changes.
        Assert.Equal(["command:HostPreflight", "docker:Container", StackRootType], second.Steps.Where(s => s.Op != StepOp.Same).Select(s => s.Type).Distinct().Order());
    }

    [Fact]
    public async Task Adding_a_tenant_attaches_the_shared_services_to_its_network_in_place()
    {
        var before = StackBuild.Config(("infra:multiTenant", true));
        var after = StackBuild.Config(("infra:multiTenant", true), ("infra:tenants", new JsonArray("azoth", "maximus", "koff", "zeta")));
        var second = await PlanChangeAsync(before, after);

        Assert.Equal(
            new[]
            {
                "Create zeta-mosquitto", "Create zeta-n8n", "Create zeta-n8n-worker-1", "Create zeta-postgres", "Create zeta-redis",
                "Replace prometheus", "Update embed-service", "Update minio", "Update qdrant",
            }.Order(),
            Changed(second, "docker:Container"));
        Assert.Equal(["Create tenant_zeta_embed_net", "Create tenant_zeta_net"], Changed(second, "docker:Network"));
        foreach (var shared in new[] { "qdrant", "minio", "embed-service" })
            Assert.Equal(["networks"], second.Steps.Single(s => s.Name == shared && s.Type == "docker:Container").Changes.Select(c => c.TopLevelKey).Distinct());
    }

    private const string StackRootType = Infra.Engine.Model.StackRoot.TypeToken;
}
