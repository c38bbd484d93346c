using Infra.Engine.Planning;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Docker;

namespace Infra.Stacks.Tests;

/// <summary>Editing a config template changes only the containers that upload it (item 11).</summary>
public sealed class TemplateChangeTests
{
    private static async Task<(Plan First, Plan Second)> PlanEditAsync(string variant, string template, string appended)
    {
        using var project = TempProject.CopyOfRepo();
        var config = variant == "multi-tenant" ? StackBuild.Config(("infra:multiTenant", true)) : StackBuild.Config();
        var first = await MockProviders.PlanAsync(StackBuild.Build(config, project.Directory).Desired);
        Assert.All(first.Steps, s => Assert.Equal(StepOp.Create, s.Op));

        project.Append(template, appended);
        var second = await MockProviders.PlanAsync(StackBuild.Build(config, project.Directory).Desired, MockProviders.StateAfter(first));
        return (first, second);
    }

    private static IEnumerable<string> Changed(Plan plan) => plan.Steps.Where(s => s.Op != StepOp.Same).Select(s => $"{s.Type} {s.Name}");

    [Theory]
    [InlineData("standard", new[] { "mosquitto" })]
    [InlineData("multi-tenant", new[] { "azoth-mosquitto", "maximus-mosquitto", "koff-mosquitto" })]
    public async Task Editing_mosquitto_conf_changes_only_the_brokers(string variant, string[] brokers)
    {
        var (_, second) = await PlanEditAsync(variant, "configs/mosquitto/mosquitto.conf", "max_connections 500\n");

        Assert.Equal(brokers.Select(b => $"{ContainerKind.TypeToken} {b}").Order(), Changed(second).Order());
        foreach (var step in second.Steps.Where(s => s.Op != StepOp.Same))
        {
            Assert.Equal(StepOp.Replace, step.Op); // uploaded files are only written before start
            Assert.Equal(["files"], step.Changes.Select(c => c.TopLevelKey).Distinct());
        }
        Assert.Contains("max_connections 500", second.Steps.First(s => s.Op != StepOp.Same).Inputs!["files"]!.ToJsonString());
    }

    [Fact]
    public async Task Editing_the_prometheus_template_changes_only_prometheus()
    {
        var (_, second) = await PlanEditAsync("standard", "configs/prometheus/prometheus.yml", "# edited\n");
        Assert.Equal([$"{ContainerKind.TypeToken} prometheus"], Changed(second));
    }

    [Fact]
    public async Task Editing_the_grafana_datasource_changes_only_grafana()
    {
        var (_, second) = await PlanEditAsync("multi-tenant", "configs/grafana/datasources.yaml", "# edited\n");
        Assert.Equal([$"{ContainerKind.TypeToken} grafana"], Changed(second));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant")]
    public async Task Planning_again_without_edits_changes_nothing(string variant)
    {
        var (first, second) = await PlanEditAsync(variant, "configs/mqtt/certs/README.md", "\n");
        Assert.Empty(Changed(second));
        Assert.Equal(first.Steps.Count, second.Steps.Count);
    }
}
