using System.Text;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker.Probing;

/// <summary>
/// Proves reachability from inside a network: a short-lived container attached to that network alone tries a
/// TCP connect to every target and reports which succeeded. A target is an address, or a container name, which is
/// looked up on that network first. The container is removed afterwards.
/// </summary>
public static class NetworkProbe
{
    /// <param name="Host">An IP address, or a container name to resolve through the network's DNS.</param>
    public sealed record Target(string Host, int Port);

    /// <summary>
    /// What one connect saw: it opened, it was refused (nothing listens), it timed out (no route, or slow), or the name
    /// does not resolve on this network (nothing was tried). Only a timeout can be slowness.
    /// </summary>
    public enum Outcome { Open, Refused, TimedOut, Unresolved }

    /// <summary>Every target's outcome; a target the script reported nothing for counts as timed out.</summary>
    public sealed record Results(IReadOnlyDictionary<Target, Outcome> Seen, int TimeoutSeconds)
    {
        public bool Reached(Target t) => Seen.TryGetValue(t, out var o) && o == Outcome.Open;
        public Outcome Of(Target t) => Seen.TryGetValue(t, out var o) ? o : Outcome.TimedOut;
    }

    /// <param name="image">An image with bash (or busybox nc) to run the probe script.</param>
    public static async Task<Results> ReachableAsync(
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
            wait.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds * 3 + 30));
            // A host too busy to even run the probe's shells in time is slowness, not isolation: what the probe has not
            // reported by then counts as timed out, which the caller probes again with a longer wait.
            try { await session.Client.Containers.WaitContainerAsync(created.ID, wait.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
            var output = await LogsAsync(session, created.ID, ct);
            var seen = new Dictionary<Target, Outcome>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ');
                if (parts.Length != 3 || !int.TryParse(parts[2], out var port)) continue;
                Outcome? outcome = parts[0] switch
                {
                    "open" => Outcome.Open, "refused" => Outcome.Refused, "timeout" => Outcome.TimedOut, "unresolved" => Outcome.Unresolved, _ => null,
                };
                if (outcome is { } o) seen[new Target(parts[1], port)] = o;
            }
            return new Results(seen, timeoutSeconds);
        }
        finally
        {
            await session.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>
    /// All connects run in parallel, each bounded by a timeout; prints "open|refused|timeout|unresolved HOST PORT" for
    /// each target (busybox nc cannot tell a refusal from a timeout: it reports both as refused). A name is looked up
    /// first (getent, where the image has it), so "does not resolve" is never mistaken for "refused" or "slow".
    /// </summary>
    private static string Script(IReadOnlyList<Target> targets, int timeout)
    {
        var sb = new StringBuilder();
        sb.Append("probe() { case $1 in *[!0-9.]*) if command -v getent >/dev/null 2>&1 && ! getent hosts \"$1\" >/dev/null 2>&1; then echo \"unresolved $1 $2\"; return; fi;; esac; ");
        sb.Append("if command -v bash >/dev/null 2>&1; then timeout ").Append(timeout)
          .Append(" bash -c \"exec 3<>/dev/tcp/$1/$2\" 2>/dev/null; rc=$?; else nc -z -w ").Append(timeout)
          .Append(" \"$1\" \"$2\" 2>/dev/null; rc=$?; fi; case $rc in 0) echo \"open $1 $2\";; 124) echo \"timeout $1 $2\";; *) echo \"refused $1 $2\";; esac; }\n");
        foreach (var t in targets) sb.Append("probe ").Append(t.Host).Append(' ').Append(t.Port).Append(" &\n");
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
