using System.Text.Json.Nodes;
using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Docker;
using Infra.Providers.Docker.Probing;
using Infra.Stacks.Policies;
using Infra.Stacks.Settings;

namespace Infra.Stacks.Verification;

/// <summary>
/// What <c>infra verify</c> should find on the host for a program: each container with the networks it joins and
/// the catalog port to probe, and the <see cref="PublishedPortRule"/> for published ports.
/// </summary>
public static class StackExpectations
{
    public static ExpectedStack From(DesiredState desired, StackSettings settings)
    {
        var edge = new ResourceNames(settings.NamePrefix).Container(PublishedPortRule.EdgeContainer);
        return new ExpectedStack(Containers(desired), settings.ProbeImage, (container, port) => Allows(edge, container, port));
    }

    public static bool Allows(string edgeContainer, string container, LivePort port) =>
        PublishedPortRule.Allows(container == edgeContainer, port.HostIp, port.HostPort, port.ContainerPort);

    public static IReadOnlyList<ExpectedContainer> Containers(DesiredState desired)
    {
        var networkNames = desired.Resources.Where(r => r.Type == NetworkKind.TypeToken)
            .ToDictionary(r => r.Urn, r => r.Inputs["name"]?.GetValue<string>() ?? r.Name);
        return desired.Resources.Where(r => r.Type is ContainerKind.TypeToken or ServiceKind.TypeToken).Select(r =>
        {
            var service = r.Inputs["labels"]?[ServiceContainer.ServiceLabel]?.GetValue<string>() ?? r.Name;
            var networks = (r.Inputs["networks"] as JsonArray ?? [])
                .Select(n => Reference.IsOutput(n?["name"], out var urn, out _) ? networkNames.GetValueOrDefault(urn) : n?["name"]?.GetValue<string>())
                .OfType<string>().ToList();
            return new ExpectedContainer(r.Inputs["name"]?.GetValue<string>() ?? r.Name, networks,
                ServiceCatalog.Find(service)?.Port, r.Inputs["healthcheck"] is not null)
            {
                Replicas = r.Type == ServiceKind.TypeToken ? r.Inputs["replicas"]?.GetValue<int>() ?? 1 : null,
            };
        }).ToList();
    }
}
