using Infra.Components.Building;
using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.Bricks;

/// <summary>The shared data services: Qdrant (vectors) and MinIO (objects).</summary>
internal static class DataServices
{
    public static CustomResource Qdrant(ComponentResource brick, BrickEnvironment env, RandomPassword apiKey,
        IReadOnlyDictionary<string, HostPort> ports, Network[] networks)
    {
        var service = ServiceCatalog.Qdrant;
        var storage = ServiceNetworks.DataVolume(service.Name, brick, env, "storage");
        return ServiceContainer.Create(service.Name, service, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, service),
            Env = new Dictionary<string, Input<string>> { ["QDRANT__SERVICE__API_KEY"] = apiKey.Result },
            Networks = ServiceNetworks.On(service.Name, networks),
            Ports = HostPublishing.Bindings(service.PublishedPorts, ports),
            Mounts = [ServiceNetworks.Mount(storage, "/qdrant/storage")],
            Healthcheck = service.Healthcheck,
        }, brick, env);
    }

    public static CustomResource Minio(ComponentResource brick, BrickEnvironment env, RandomPassword rootPassword,
        IReadOnlyDictionary<string, HostPort> ports, Network[] networks)
    {
        var service = ServiceCatalog.Minio;
        var data = ServiceNetworks.DataVolume(service.Name, brick, env);
        return ServiceContainer.Create(service.Name, service, new ContainerArgs
        {
            Image = ServiceContainer.ImageOf(env, service),
            Command = ["server", "/data", "--console-address", $":{ServiceCatalog.MinioConsole.Internal}"],
            Env = new Dictionary<string, Input<string>>
            {
                ["MINIO_ROOT_USER"] = "infra-admin",
                ["MINIO_ROOT_PASSWORD"] = rootPassword.Result,
                ["MINIO_PROMETHEUS_AUTH_TYPE"] = "public",
            },
            Networks = ServiceNetworks.On(service.Name, networks),
            Ports = HostPublishing.Bindings(service.PublishedPorts, ports),
            Mounts = [ServiceNetworks.Mount(data, "/data")],
            Healthcheck = service.Healthcheck,
        }, brick, env);
    }
}
