using Infra.Components.Building;
using Infra.Providers.Docker;

namespace Infra.Components.ServiceConfigs;

/// <summary>Grafana's provisioned Prometheus datasource.</summary>
public static class GrafanaFiles
{
    public static ContainerFile Datasource(ConfigTemplates templates, string prometheusUrl) => new()
    {
        Path = "/etc/grafana/provisioning/datasources/prometheus.yaml",
        Content = templates.Read("grafana/datasources.yaml", new Dictionary<string, string> { ["PROMETHEUS_URL"] = prometheusUrl }),
        Mode = "0644",
    };
}
