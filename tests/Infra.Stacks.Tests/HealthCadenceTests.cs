using Infra.Components.Catalog;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>
/// Health checks run at production cadence for the life of each container (issue 10, item 5); <c>up</c> stays
/// fast because the Docker provider runs the same command itself while it waits.
/// </summary>
public sealed class HealthCadenceTests
{
    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant+caddy")]
    public void Every_container_is_checked_every_30_seconds_with_a_start_period(string variant)
    {
        foreach (var container in StackBuild.Of(variant).Containers)
        {
            var check = container.Inputs["healthcheck"]!;
            var name = StackBuild.HostName(container);
            Assert.True(check["intervalSeconds"]!.GetValue<double>() == 30, name);
            Assert.True(check["timeoutSeconds"]!.GetValue<double>() == 10, name);
            Assert.True(check["startPeriodSeconds"]!.GetValue<double>() == 60, name);
            Assert.True(check["retries"]!.GetValue<int>() == 3, name);
            Assert.True(container.Inputs["waitHealthy"]!.GetValue<bool>(), name);
        }
    }

    [Fact]
    public void Every_catalog_entry_uses_the_production_cadence()
    {
        Assert.All(ServiceCatalog.All, s => Assert.Equal(HealthChecks.IntervalSeconds, s.Healthcheck.IntervalSeconds));
        Assert.Equal(30, HealthChecks.IntervalSeconds);
    }
}
