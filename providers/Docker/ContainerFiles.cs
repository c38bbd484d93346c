using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// Writes declared files into a created (not yet started) container with one archive upload. The tar
/// carries each file's uid, gid and mode, which the daemon keeps as they are. copyUIDGID is left off on
/// purpose: with it the daemon chowns everything to the container's user, looked up on the daemon host.
/// </summary>
public static class ContainerFiles
{
    public static async Task UploadAsync(IDockerClient client, string containerId, IReadOnlyList<ContainerFile> files, CancellationToken ct)
    {
        if (files.Count == 0) return;
        await using var tar = Archive(files);
        await DockerErrors.WrapAsync($"uploading files to container {ObjectNames.Short(containerId)}", () =>
            client.Containers.ExtractArchiveToContainerAsync(containerId, new CopyToContainerParameters { Path = "/" }, tar, ct));
    }

    public static MemoryStream Archive(IReadOnlyList<ContainerFile> files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var f in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, f.Path.TrimStart('/'))
                {
                    Uid = f.Uid ?? 0,
                    Gid = f.Gid ?? 0,
                    Mode = (UnixFileMode)ContainerCheck.ParseMode(f.Mode ?? "0644"),
                    ModificationTime = DateTimeOffset.UtcNow,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(f.Content.Value)),
                };
                writer.WriteEntry(entry);
            }
        }
        stream.Position = 0;
        return stream;
    }
}
