using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Version = System.Version;
using Infra.Engine.Model;
using Infra.Engine.Providers;
using Infra.Providers.Docker;
using Infra.Providers.Processes;

namespace Infra.Providers.Command;

/// <summary>Runs the checks of <c>command:HostPreflight</c> against the Docker host (API for the engine, its shell for disk and ports).</summary>
public sealed class HostPreflightCheck(DockerConnection docker)
{
    public const string TypeToken = "command:HostPreflight";

    public static CheckResult Check(CheckRequest request)
    {
        if (!DeclaredInputs.TryRead<HostPreflightArgs>(request.News, out var args, out var error)) return new CheckResult(request.News, null, [error]);
        var failures = new List<string>();
        foreach (var port in args!.Ports ?? [])
            if (port is < 1 or > 65535) failures.Add($"port {port} is not between 1 and 65535");
        if (args.MinFreeDiskMb < 0) failures.Add("minFreeDiskMb must not be negative");
        if (args.MinDockerVersion is { } v && !Version.TryParse(v, out _)) failures.Add($"minDockerVersion '{v}' is not a version like 20.10");
        return new CheckResult(request.News, null, failures);
    }

    public async Task<JsonObject> RunAsync(string urn, JsonObject inputs, IProgress<string>? progress, CancellationToken ct)
    {
        var args = DeclaredInputs.Read<HostPreflightArgs>(inputs);
        var session = await docker.OpenAsync(ct);
        CheckEngineVersion(session, args.MinDockerVersion);
        progress?.Report($"Docker {session.EngineVersion} (API {session.ApiVersion}) answers at {session.Host}");
        var outputs = new JsonObject { ["dockerVersion"] = session.EngineVersion, ["apiVersion"] = session.ApiVersion.ToString() };

        var shell = await new DockerHostShell(docker).TryOpenAsync(ct);
        if (shell is null)
        {
            progress?.Report($"disk and port checks skipped: no shell on {session.Host}");
            return outputs;
        }
        var info = await DockerErrors.WrapAsync("reading Docker engine info", () => session.Client.System.GetSystemInfoAsync(ct));
        var ports = args.Ports ?? [];
        var result = await shell.RunAsync(Script(info.DockerRootDir ?? "/", ports), new Dictionary<string, string>(), null, ct);
        if (!result.Succeeded) throw new CommandFailedException($"preflight checks on {shell.Where} failed: {result.LastErrorLine}");
        var (freeMb, busy) = Parse(result.Stdout);

        if (freeMb < args.MinFreeDiskMb)
            throw new CommandFailedException($"only {freeMb} MiB free for Docker data ({info.DockerRootDir}) on {session.Host}; at least {args.MinFreeDiskMb} MiB are needed");
        var ours = await PortsOfThisStackAsync(session, Urn.Parse(urn), ct);
        var taken = busy.Where(p => !ours.Contains(p)).Order().ToList();
        if (taken.Count > 0)
            throw new CommandFailedException($"host port{(taken.Count > 1 ? "s" : "")} {string.Join(", ", taken)} already in use on {session.Host} by something outside this stack; free {(taken.Count > 1 ? "them" : "it")} or publish on another port");
        outputs["freeDiskMb"] = freeMb;
        return outputs;
    }

    private static void CheckEngineVersion(DockerSession session, string? minimum)
    {
        if (minimum is null) return;
        var digits = new string(session.EngineVersion.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).TrimEnd('.');
        if (Version.TryParse(digits, out var engine) && engine < Version.Parse(minimum))
            throw new CommandFailedException($"Docker engine {session.EngineVersion} on {session.Host} is older than the required {minimum}");
    }

    /// <summary>One round trip: "disk KB" for Docker's data directory, then "busy PORT" for each listening port asked about.</summary>
    private static string Script(string dataDir, IReadOnlyList<int> ports)
    {
        var s = new StringBuilder();
        s.Append("kb=$(df -Pk ").Append(ShellQuote.Single(dataDir)).Append(" 2>/dev/null | awk 'NR==2 {print $4}')\n");
        s.Append("[ -n \"$kb\" ] || kb=$(df -Pk / | awk 'NR==2 {print $4}')\n");
        s.Append("echo \"disk $kb\"\n");
        foreach (var port in ports)
            s.Append(CultureInfo.InvariantCulture, $"if cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h=':{port:X4}' '$4 == \"0A\" && substr($2, length($2) - 4) == h {{ f = 1 }} END {{ exit !f }}'; then echo 'busy {port}'; fi\n");
        return s.ToString();
    }

    private static (long FreeMb, List<int> Busy) Parse(string stdout)
    {
        long freeMb = 0;
        var busy = new List<int>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length < 2) continue;
            if (parts[0] == "disk" && long.TryParse(parts[1], out var kb)) freeMb = kb / 1024;
            if (parts[0] == "busy" && int.TryParse(parts[1], out var port)) busy.Add(port);
        }
        return (freeMb, busy);
    }

    /// <summary>Ports published by running containers of this stack: they are busy because of the stack itself.</summary>
    private static async Task<HashSet<int>> PortsOfThisStackAsync(DockerSession session, Urn urn, CancellationToken ct)
    {
        var filters = LabelFilters.Labels((InfraLabels.Project, urn.Project), (InfraLabels.Stack, urn.Stack));
        var containers = await DockerErrors.WrapAsync("listing this stack's containers",
            () => session.Client.Containers.ListContainersAsync(new ContainersListParameters { Filters = filters }, ct));
        return containers.SelectMany(c => c.Ports ?? []).Where(p => p.PublicPort is > 0).Select(p => (int)p.PublicPort!.Value).ToHashSet();
    }
}
