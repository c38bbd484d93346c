using Docker.DotNet.Models;

namespace Infra.Providers.Docker.Compose;

/// <summary>Copies a volume's files into another volume, owners and modes kept, in a throwaway container.</summary>
public static class VolumeData
{
    public static async Task CopyAsync(DockerSession session, string from, string to, string image, CancellationToken ct)
    {
        var created = await DockerErrors.WrapAsync($"creating the container that copies volume '{from}'", () =>
            session.Client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = $"infra-copy-{Guid.NewGuid():N}"[..24],
                Image = image,
                User = "0",
                Entrypoint = ["/bin/sh", "-c", "cp -a /from/. /to/"],
                Labels = new Dictionary<string, string> { ["org.infra.copy"] = "true" },
                HostConfig = new HostConfig { Binds = [$"{from}:/from:ro", $"{to}:/to"], NetworkMode = "none" },
            }, ct));
        try
        {
            await DockerErrors.WrapAsync($"copying volume '{from}' to '{to}'",
                () => session.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct));
            var done = await session.Client.Containers.WaitContainerAsync(created.ID, ct);
            if (done.StatusCode != 0)
                throw new DockerOperationException($"copying volume '{from}' to '{to}' failed (cp exited {done.StatusCode})");
        }
        finally
        {
            // With the anonymous volumes of the VOLUMEs its image declares (the service's own image), or each copy leaves one.
            await session.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None);
        }
    }
}
