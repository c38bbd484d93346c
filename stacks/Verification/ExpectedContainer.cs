using System.Text.Json.Nodes;
using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Planning;
using Infra.Engine.Properties;

namespace Infra.Stacks.Verification;

/// <summary>A container as the program declares it: host name, service, networks (host names), and the port to probe.</summary>
public sealed record ExpectedContainer(string Name, string Service, IReadOnlyList<string> Networks, int? Port, bool HasHealthcheck)
{
    public static IReadOnlyList<ExpectedContainer> From(DesiredState desired)
    {
        var networkNames = desired.Resources.Where(r => r.Type == "docker:Network")
            .ToDictionary(r => r.Urn, r => r.Inputs["name"]?.GetValue<string>() ?? r.Name);
        return desired.Resources.Where(r => r.Type == "docker:Container").Select(r =>
        {
            var service = r.Inputs["labels"]?[ServiceContainer.ServiceLabel]?.GetValue<string>() ?? r.Name;
            var networks = (r.Inputs["networks"] as JsonArray ?? [])
                .Select(n => Reference.IsOutput(n?["name"], out var urn, out _) ? networkNames.GetValueOrDefault(urn) : n?["name"]?.GetValue<string>())
                .OfType<string>().ToList();
            return new ExpectedContainer(r.Inputs["name"]?.GetValue<string>() ?? r.Name, service, networks,
                ServiceCatalog.Find(service)?.Port, r.Inputs["healthcheck"] is not null);
        }).ToList();
    }
}
