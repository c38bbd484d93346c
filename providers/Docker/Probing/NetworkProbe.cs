using System.Text;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker.Probing;

/// <summary>
/// Proves reachability from inside a network: a short-lived container attached to that network alone tries a
/// TCP connect to every target and reports which succeeded. The container is removed afterwards.
/// </summary>
public static class NetworkProbe
{
    public sealed record Target(string Ip, int Port);

    /// <param name="image">An image with bash (or busybox nc) to run the probe script.</param>
    public static async Task<IReadOnlySet<Target>> ReachableAsync(
        DockerSession session, string network, string image, IReadOnlyList<Target> targets, CancellationToken ct, int timeoutSeconds = 2)
    {
        var name = $"infra-probe-{Guid.NewGuid():N}"[..24];
        var script = Script(targets, timeoutSeconds);
        var created = await DockerErrors.WrapAsync($"creating probe container on network '{network}'", () =>
            session.Client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = image,
                Entrypoint = ["/bin/sh", "-c", script],
                Labels = new Dictionary<string, string> { ["org.infra.probe"] = "true" },
                HostConfig = new HostConfig { NetworkMode = network, AutoRemove = false },
            }, ct));
        try
        {
            await DockerErrors.WrapAsync($"starting probe container on network '{network}'", () =>
                session.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct));
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var limit = TimeSpan.FromSeconds(timeoutSeconds * 3 + 30);
            wait.CancelAfter(limit);
            try { await session.Client.Containers.WaitContainerAsync(created.ID, wait.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new DockerOperationException($"probe container on network '{network}' did not finish within {limit.TotalSeconds:0} s");
            }
            var output = await LogsAsync(session, created.ID, ct);
            var reachable = new HashSet<Target>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "open" && int.TryParse(parts[2], out var port)) reachable.Add(new Target(parts[1], port));
            }
            return reachable;
        }
        finally
        {
            await session.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>All connects run in parallel, each bounded by a timeout; prints "open IP PORT" for each success.</summary>
    private static string Script(IReadOnlyList<Target> targets, int timeout)
    {
        var sb = new StringBuilder();
        sb.Append("probe() { if command -v bash >/dev/null 2>&1; then timeout ").Append(timeout)
          .Append(" bash -c \"exec 3<>/dev/tcp/$1/$2\" 2>/dev/null; else nc -z -w ").Append(timeout)
          .Append(" \"$1\" \"$2\" 2>/dev/null; fi && echo \"open $1 $2\"; }\n");
        foreach (var t in targets) sb.Append("probe ").Append(t.Ip).Append(' ').Append(t.Port).Append(" &\n");
        sb.Append("wait\n");
        return sb.ToString();
    }

    private static async Task<string> LogsAsync(DockerSession session, string id, CancellationToken ct)
    {
        using var stream = await session.Client.Containers.GetContainerLogsAsync(id,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = false }, ct);
        var (stdout, _) = await stream.ReadOutputToEndAsync(ct);
        return stdout;
    }
}
