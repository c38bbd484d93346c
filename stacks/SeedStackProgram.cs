using Infra.Components.Bricks;
using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Docker.Probing;
using Infra.Stacks.Policies;
using Infra.Stacks.Settings;
using Infra.Stacks.Verification;

namespace Infra.Stacks;

/// <summary>
/// The seed's stack: the standard or the multi-tenant variant (by <c>infra:multiTenant</c>), the optional
/// Caddy edge, all from the stack config.
/// </summary>
public sealed class SeedStackProgram : IStackProgram
{
    private StackSettings? _settings;

    public StackRoot Build(StackContext context)
    {
        var settings = _settings = StackSettingsReader.Read(context.Config);
        var root = new StackRoot(context.Project, context.Stack);
        var swarm = settings.Target == DeployTarget.Swarm;
        // Swarm cannot bind a published port to 127.0.0.1: there only the edge publishes (reach the rest through it or a tunnel).
        var ports = swarm ? [] : settings.Ports.ToDictionary(kv => kv.Key, kv => new HostPort(kv.Value.HostIp, kv.Value.HostPort));
        // Filled once the topology is known: only what is really published (not the TLS listener without
        // certificates, nor the ports a variant leaves unpublished) must be free on the host.
        var preflightPorts = new List<int>();
        // On a swarm the Docker provider checks the cluster before anything is planned (swarm mode, the placement label).
        var preflight = settings.Preflight && !swarm ? Preflight(root, preflightPorts) : null;
        var env = new BrickEnvironment(
            new ResourceNames(settings.NamePrefix),
            new ImageSet(settings.Images, root),
            new ConfigTemplates(Path.Combine(context.ProjectDirectory, "configs")),
            preflight is null ? [] : [preflight],
            settings.HealthTimeoutSeconds,
            swarm ? new SwarmPlacement(settings.Swarm.StatefulLabel, settings.Swarm.Replicas,
                ServiceCatalog.Caddy.Name) : null);
        var topology = StackTopology.Build(root, settings, ports, env);
        preflightPorts.AddRange(topology.Published.Select(p => p.Address.Port).Distinct().Order());
        Export(root, topology, settings);
        return root;
    }

    private static HostPreflight Preflight(StackRoot root, IReadOnlyList<int> published) =>
        new("preflight", new HostPreflightArgs
        {
            Ports = published,
            MinDockerVersion = "20.10",
            MinFreeDiskMb = 2048,
        }, root);

    private static void Export(StackRoot root, StackTopology topology, StackSettings settings)
    {
        root.Export("variant", settings.MultiTenant ? "multi-tenant" : "standard");
        root.Export("urls", topology.Published.ToDictionary(p => p.Name, p => p.Url));
        root.Export("secrets", topology.Secrets.ToDictionary(s => s.Name, s => (object)s.Result));
        if (topology.Edge is not null) root.Export("sites", topology.Edge.SiteUrls.ToArray());
    }

    /// <summary>What <c>infra verify</c> should find on the host for <paramref name="desired"/>.</summary>
    public ExpectedStack Expect(StackContext context, DesiredState desired) =>
        StackExpectations.From(desired, _settings ?? StackSettingsReader.Read(context.Config));

    public IReadOnlyList<string> CheckPolicies(DesiredState desired) =>
        StackPolicies.Check(desired, _settings is null ? [] : Secret.PlaintextStrings(ConfigSecrets(_settings)).ToList());

    private static System.Text.Json.Nodes.JsonNode ConfigSecrets(StackSettings s) =>
        new System.Text.Json.Nodes.JsonArray([s.GroqApiKey.DeepClone(), .. s.Caddy.Users.Values.Select(v => v.DeepClone())]);
}
