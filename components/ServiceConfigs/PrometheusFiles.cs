using System.Text;
using Infra.Components.Building;
using Infra.Providers.Docker;

namespace Infra.Components.ServiceConfigs;

/// <summary>
/// prometheus.yml: the template's global part plus one job per declared metrics endpoint. Bearer tokens go
/// to separate secret files read with <c>credentials_file</c>, so the config itself holds no secret.
/// </summary>
public static class PrometheusFiles
{
    public const string ConfigPath = "/etc/prometheus/prometheus.yml";
    public const string SecretsDir = "/etc/prometheus/secrets";
    private const int Nobody = 65534;

    public static string Config(ConfigTemplates templates, IReadOnlyList<MetricsEndpoint> endpoints)
    {
        var sb = new StringBuilder(templates.Read("prometheus/prometheus.yml").TrimEnd('\n')).Append('\n');
        foreach (var e in endpoints)
        {
            sb.Append("  - job_name: ").Append(e.Job).Append('\n');
            if (e.Path != "/metrics") sb.Append("    metrics_path: ").Append(e.Path).Append('\n');
            if (e.BearerToken is not null)
                sb.Append("    authorization:\n      type: Bearer\n      credentials_file: ").Append(SecretsDir).Append('/').Append(e.Job).Append('\n');
            sb.Append("    static_configs:\n      - targets: ['").Append(e.Target).Append("']\n");
        }
        return sb.ToString();
    }

    public static IReadOnlyList<ContainerFile> Files(ConfigTemplates templates, IReadOnlyList<MetricsEndpoint> endpoints) =>
        [new() { Path = ConfigPath, Content = Config(templates, endpoints), Mode = "0644" }, .. TokenFiles(endpoints)];

    private static IEnumerable<ContainerFile> TokenFiles(IReadOnlyList<MetricsEndpoint> endpoints)
    {
        foreach (var e in endpoints)
            if (e.BearerToken is { } token)
                yield return new ContainerFile { Path = $"{SecretsDir}/{e.Job}", Content = token, Uid = Nobody, Gid = Nobody, Mode = "0400" };
    }
}
