using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Components.ServiceConfigs;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

public sealed record MonitoringArgs
{
    /// <summary>What the other bricks declared; each must be reachable over a network Prometheus joins.</summary>
    public required IReadOnlyList<MetricsEndpoint> Endpoints { get; init; }
    /// <summary>Grafana's second network (ingress_net), through which people and the edge reach it.</summary>
    public required Network IngressNetwork { get; init; }
    public IReadOnlyDictionary<string, HostPort> Ports { get; init; } = new Dictionary<string, HostPort>();
}

/// <summary>
/// monitoring_net (internal) with Prometheus and Grafana. Prometheus also joins the fewest networks that
/// reach every declared metrics endpoint; its scrape config is generated from those endpoints.
/// </summary>
public sealed class Monitoring : ComponentResource
{
    public const string TypeToken = "infra:bricks:Monitoring";

    public Monitoring(string name, MonitoringArgs args, BrickEnvironment env, ComponentResource parent) : base(TypeToken, name, parent)
    {
        var prometheus = ServiceCatalog.Prometheus;
        var grafana = ServiceCatalog.Grafana;
        Network = ServiceNetworks.Create("monitoring_net", true, this, env);
        ScrapeNetworks = CoveringNetworks(args.Endpoints);
        var self = MetricsEndpoint.Of(prometheus, prometheus.Name, "localhost", []);
        Targets = [self, .. args.Endpoints];
        // Grafana reaches Prometheus by its alias on monitoring_net.
        var prometheusUrl = prometheus.HttpUrl(prometheus.Name);

        var storage = ServiceNetworks.DataVolume(prometheus.Name, this, env);
        Prometheus = ServiceContainer.Create(prometheus.Name, prometheus, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, prometheus),
            // Overriding the command drops the image's defaults, so they are repeated here.
            Command = ["--config.file=" + PrometheusFiles.ConfigPath, "--storage.tsdb.path=/prometheus", "--web.enable-lifecycle"],
            Files = PrometheusFiles.Files(env.Templates, Targets),
            Networks = ServiceNetworks.On(prometheus.Name, [Network, .. ScrapeNetworks]),
            Ports = HostPublishing.Bindings(prometheus.PublishedPorts, args.Ports),
            Mounts = [ServiceNetworks.Mount(storage, "/prometheus")],
            Healthcheck = prometheus.Healthcheck,
        }, this, env);

        GrafanaAdminPassword = GeneratedSecret.Create("grafana-admin-password", 32, this);
        var grafanaData = ServiceNetworks.DataVolume(grafana.Name, this, env);
        Grafana = ServiceContainer.Create(grafana.Name, grafana, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, grafana),
            Env = new Dictionary<string, Input<string>>
            {
                ["GF_SECURITY_ADMIN_USER"] = "admin",
                ["GF_SECURITY_ADMIN_PASSWORD"] = GrafanaAdminPassword.Result,
                ["GF_ANALYTICS_REPORTING_ENABLED"] = "false",
            },
            Files = [GrafanaFiles.Datasource(env.Templates, prometheusUrl)],
            Networks = ServiceNetworks.On(grafana.Name, Network, args.IngressNetwork),
            Ports = HostPublishing.Bindings(grafana.PublishedPorts, args.Ports),
            Mounts = [ServiceNetworks.Mount(grafanaData, "/var/lib/grafana")],
            Healthcheck = grafana.Healthcheck,
        }, this, env);

        Published = HostPublishing.Services([.. prometheus.PublishedPorts, .. grafana.PublishedPorts], args.Ports);
        Route = Route.To(grafana, env.Names.Container(grafana.Name), args.IngressNetwork);
        RegisterOutput("prometheusUrl", prometheusUrl);
        RegisterOutput("scrapeTargets", Targets.Select(t => $"{t.Job}={t.Target}{t.Path}").ToArray());
        RegisterOutput("secrets", new[] { GrafanaAdminPassword.Name });
    }

    public Network Network { get; }
    public IReadOnlyList<Network> ScrapeNetworks { get; }
    public IReadOnlyList<MetricsEndpoint> Targets { get; }
    public CustomResource Prometheus { get; }
    public CustomResource Grafana { get; }
    public RandomPassword GrafanaAdminPassword { get; }
    public IReadOnlyList<PublishedService> Published { get; }
    public Route Route { get; }

    /// <summary>Greedy set cover: the network reaching most uncovered endpoints first, ties in declaration order.</summary>
    public static IReadOnlyList<Network> CoveringNetworks(IReadOnlyList<MetricsEndpoint> endpoints)
    {
        var uncovered = endpoints.Where(e => e.Networks.Count > 0).ToList();
        var chosen = new List<Network>();
        var candidates = endpoints.SelectMany(e => e.Networks).Distinct().ToList();
        while (uncovered.Count > 0)
        {
            var best = candidates.OrderByDescending(n => uncovered.Count(e => e.Networks.Contains(n))).First();
            chosen.Add(best);
            uncovered.RemoveAll(e => e.Networks.Contains(best));
        }
        return chosen;
    }
}
