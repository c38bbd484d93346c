using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

/// <summary>The shared data services: Qdrant (vectors) and MinIO (objects).</summary>
internal static class DataServices
{
    public static Container Qdrant(ComponentResource brick, BrickEnvironment env, RandomPassword apiKey,
        IReadOnlyDictionary<string, HostPort> ports, Network[] networks)
    {
        var storage = ServiceNetworks.DataVolume("qdrant", brick, env, "storage");
        return ServiceContainer.Create("qdrant", "qdrant", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, "qdrant"),
            Env = new Dictionary<string, Input<string>> { ["QDRANT__SERVICE__API_KEY"] = apiKey.Result },
            Networks = ServiceNetworks.On("qdrant", networks),
            Ports = Publish(ports, ("qdrant", 6333)),
            Mounts = [ServiceNetworks.Mount(storage, "/qdrant/storage")],
            // /readyz needs no API key; the image has bash but neither curl nor wget.
            Healthcheck = ServiceContainer.BashHttp(6333, "/readyz"),
        }, brick, env);
    }

    public static Container Minio(ComponentResource brick, BrickEnvironment env, RandomPassword rootPassword,
        IReadOnlyDictionary<string, HostPort> ports, Network[] networks)
    {
        var data = ServiceNetworks.DataVolume("minio", brick, env);
        return ServiceContainer.Create("minio", "minio", new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, "minio"),
            Command = ["server", "/data", "--console-address", ":9001"],
            Env = new Dictionary<string, Input<string>>
            {
                ["MINIO_ROOT_USER"] = "infra-admin",
                ["MINIO_ROOT_PASSWORD"] = rootPassword.Result,
                ["MINIO_PROMETHEUS_AUTH_TYPE"] = "public",
            },
            Networks = ServiceNetworks.On("minio", networks),
            Ports = Publish(ports, ("minio", 9000), ("minio-console", 9001)),
            Mounts = [ServiceNetworks.Mount(data, "/data")],
            // curl left the image in 2023; `mc ready local` is MinIO's own probe.
            Healthcheck = ServiceContainer.Shell("mc ready local"),
        }, brick, env);
    }

    /// <summary>The container ports published for the given port keys (absent keys are not published).</summary>
    public static IReadOnlyList<ContainerPort>? Publish(IReadOnlyDictionary<string, HostPort> ports, params (string Key, int Internal)[] wanted)
    {
        var list = wanted.Where(w => ports.ContainsKey(w.Key)).Select(w => ServiceContainer.Publish(w.Internal, ports[w.Key])).ToList();
        return list.Count == 0 ? null : list;
    }

    public static IReadOnlyList<PublishedService> PublishedOf(IReadOnlyDictionary<string, HostPort> ports, params string[] keys) =>
        keys.Where(ports.ContainsKey).Select(k => new PublishedService(k, k.StartsWith("mosquitto", StringComparison.Ordinal) ? (k.EndsWith("tls", StringComparison.Ordinal) ? "mqtts" : "mqtt") : "http", ports[k])).ToList();
}
