using Docker.DotNet.Models;

namespace Infra.Providers.Docker.Compose;

/// <summary>A container of a docker compose project: its service, image id, whether it runs, its environment and its named volumes.</summary>
public sealed record ComposeContainer(string Name, string Service, string ImageId, bool Running, IReadOnlyDictionary<string, string> Env, IReadOnlyList<ComposeVolumeMount> Volumes);

/// <summary>A named volume mounted into a compose container.</summary>
public sealed record ComposeVolumeMount(string Volume, string Target);

/// <summary>Reads what a compose project left on the host, through the labels compose puts on its containers.</summary>
public static class ComposeProject
{
    public const string ProjectLabel = "com.docker.compose.project";
    public const string ServiceLabel = "com.docker.compose.service";

    public static async Task<IReadOnlyList<ComposeContainer>> ReadAsync(DockerSession session, string project, CancellationToken ct)
    {
        var filters = LabelFilters.Labels((ProjectLabel, project));
        var listed = await DockerErrors.WrapAsync($"listing the containers of compose project '{project}'",
            () => session.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, ct));
        var containers = new List<ComposeContainer>();
        foreach (var c in listed)
        {
            var live = await DockerErrors.WrapAsync($"inspecting container {c.ID[..12]}", () => session.Client.Containers.InspectContainerAsync(c.ID, ct));
            var env = (live.Config?.Env ?? []).Select(e => e.Split('=', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
            var volumes = (live.Mounts ?? []).Where(m => m.Type == "volume" && !string.IsNullOrEmpty(m.Name))
                .Select(m => new ComposeVolumeMount(m.Name!, m.Destination)).ToList();
            var service = live.Config?.Labels?.TryGetValue(ServiceLabel, out var s) == true ? s : live.Name.TrimStart('/');
            containers.Add(new ComposeContainer(live.Name.TrimStart('/'), service, live.Image, live.State?.Running == true || live.State?.Restarting == true, env, volumes));
        }
        return containers.OrderBy(c => c.Service, StringComparer.Ordinal).ToList();
    }
}
