using System.Text.Json.Nodes;
using Infra.Components.Building;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Docker;

namespace Infra.Stacks.Verification;

/// <summary>A container as the program declares it: host name, service, networks (host names), and the port to probe.</summary>
public sealed record ExpectedContainer(string Name, string Service, IReadOnlyList<string> Networks, int? Port, bool HasHealthcheck)
{
    public static IReadOnlyList<ExpectedContainer> From(DesiredState desired)
    {
        var networkNames = desired.Resources.Where(r => r.Type == NetworkKind.TypeToken)
            .ToDictionary(r => r.Urn, r => r.Inputs["name"]?.GetValue<string>() ?? r.Name);
        return desired.Resources.Where(r => r.Type == ContainerKind.TypeToken).Select(r =>
        {
            var service = r.Inputs["labels"]?[ServiceContainer.ServiceLabel]?.GetValue<string>() ?? r.Name;
            var networks = (r.Inputs["networks"] as JsonArray ?? [])
                .Select(n => Reference.IsOutput(n?["name"], out var urn, out _) ? networkNames.GetValueOrDefault(urn) : n?["name"]?.GetValue<string>())
                .OfType<string>().ToList();
            return new ExpectedContainer(r.Inputs["name"]?.GetValue<string>() ?? r.Name, service, networks,
                ServicePorts.ByService.TryGetValue(service, out var p) ? p : null, r.Inputs["healthcheck"] is not null);
        }).ToList();
    }
}
