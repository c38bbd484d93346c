using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Stacks.Settings;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>The service catalog is what the stack builds from, and the settings defaults name its entries.</summary>
public sealed class ServiceCatalogTests
{
    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant+caddy")]
    public void Every_container_is_a_catalog_service_with_its_health_check(string variant)
    {
        var build = StackBuild.Of(variant);
        foreach (var container in build.Containers)
        {
            var label = container.Inputs["labels"]?[ServiceContainer.ServiceLabel]?.GetValue<string>();
            var service = ServiceCatalog.Find(label ?? "") ?? throw new Xunit.Sdk.XunitException($"{StackBuild.HostName(container)}: service '{label}' is not in the catalog");
            Assert.Equal(service.Healthcheck.Test, container.Inputs["healthcheck"]?["test"]?.AsArray().Select(t => t?.GetValue<string>()));
        }
    }

    [Fact]
    public void Every_service_the_stack_creates_is_in_the_catalog_and_nothing_more()
    {
        var created = new[] { "standard", "multi-tenant+caddy" }.SelectMany(v => StackBuild.Of(v).Containers)
            .Select(c => c.Inputs["labels"]![ServiceContainer.ServiceLabel]!.GetValue<string>()).ToHashSet();
        Assert.Equal(ServiceCatalog.All.Select(s => s.Name).ToHashSet(), created);
    }

    [Fact]
    public void Default_images_name_the_catalogs_image_keys()
    {
        Assert.Equal(ServiceCatalog.All.Select(s => s.ImageKey).Distinct().Order(), Defaults.Images.Keys.Order());
    }

    [Fact]
    public void Default_ports_publish_every_catalog_port_but_the_edges_on_loopback_at_the_same_number()
    {
        var catalog = ServiceCatalog.All.Where(s => s != ServiceCatalog.Caddy).SelectMany(s => s.PublishedPorts).ToList();
        Assert.Equal(catalog.Select(p => p.Key).Order(), Defaults.Ports.Keys.Order());
        foreach (var port in catalog)
            Assert.Equal(new PublishedPort("127.0.0.1", port.Internal), Defaults.Ports[port.Key]);
    }

    [Fact]
    public void Public_sites_put_the_tenant_in_front_of_the_catalogs_subdomain()
    {
        var sites = new PublicSites("example.org");
        Assert.Equal("n8n", PublicSites.Subdomain(ServiceCatalog.N8n));
        Assert.Equal("azoth.n8n", PublicSites.Subdomain(ServiceCatalog.N8n, "azoth"));
        Assert.Equal("ai.example.org", sites.Host(PublicSites.Subdomain(ServiceCatalog.AiProxy)));
        Assert.Equal("https://azoth.n8n.example.org", sites.Url("azoth.n8n"));
        Assert.Throws<ArgumentException>(() => PublicSites.Subdomain(ServiceCatalog.Postgres));
    }
}
