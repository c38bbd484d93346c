using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Providers.Docker;

namespace Infra.EndToEnd.Tests.Support;

/// <summary>What a test stack looks like besides the demo stack it is derived from.</summary>
public sealed record StackOptions
{
    /// <summary>Service port keys (<c>infra:ports</c>) published on a free loopback port; every other one is <c>off</c>.</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];
    public bool MultiTenant { get; init; }
    public IReadOnlyList<string> Tenants { get; init; } = ["ta", "tb"];
    /// <summary>Enables the Caddy edge (internal TLS, loopback, free ports) for <c>e2e.test</c>.</summary>
    public bool Caddy { get; init; }
}

/// <summary>
/// One stack of the real CLI in its own project folder (Pulumi.yaml, configs/, and a Pulumi.&lt;stack&gt;.yaml derived
/// from Pulumi.demo.yaml), with its own state folder, name prefix and host ports, so stacks never meet. Dispose runs
/// <c>infra destroy</c>, then removes whatever still carries the prefix, named volumes included.
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    public const string Passphrase = "infra-example";
    public const string PublicDomain = "e2e.test";
    public const string ProbeImage = "infra-demo/debian:bookworm";
    public static readonly IReadOnlyList<string> PortKeys =
        ["mosquitto", "mosquitto-tls", "qdrant", "minio", "minio-console", "n8n", "ai-proxy", "embed-service", "jeux-text", "strudel", "prometheus", "grafana"];

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(6);
    private readonly StringBuilder _log = new();
    private readonly List<string> _images = [];
    private readonly Dictionary<string, int> _ports = [];

    private TestStack(StackOptions options)
    {
        Options = options;
        Id = Guid.NewGuid().ToString("N")[..7];
        Name = $"e2e{Id}";
        Prefix = $"{Name}-";
        Root = Directory.CreateTempSubdirectory($"infra-e2e-{Id}-").FullName;
        ProjectDir = Path.Combine(Root, "project");
        BackendDir = Path.Combine(Root, "state");
        Directory.CreateDirectory(ProjectDir);
        Directory.CreateDirectory(BackendDir);
    }

    public StackOptions Options { get; }
    public string Id { get; }
    /// <summary>The stack name (also the Docker label <c>org.infra.stack</c>).</summary>
    public string Name { get; }
    /// <summary><c>infra:namePrefix</c>: every container, network and volume of the stack starts with it.</summary>
    public string Prefix { get; }
    public string Root { get; }
    public string ProjectDir { get; }
    public string BackendDir { get; }
    public string StackFile => Path.Combine(ProjectDir, $"Pulumi.{Name}.yaml");

    /// <summary>Where each command and its output go while a test runs (null: only kept for failure messages).</summary>
    public ITestOutputHelper? Output { get; set; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static TestStack Create(StackOptions? options = null, ITestOutputHelper? output = null)
    {
        var stack = new TestStack(options ?? new StackOptions()) { Output = output };
        stack.WriteProject();
        return stack;
    }

    public int Port(string key) => _ports[key];

    public string Container(string service) => Prefix + service;
    public string Network(string network) => Prefix + network;
    public string Volume(string service, string purpose = "data") => $"{Prefix}{service}-{purpose}";

    /// <summary>The containers the program declares for these options.</summary>
    public IReadOnlyList<string> ExpectedContainers
    {
        get
        {
            IEnumerable<string> data = Options.MultiTenant
                ? Options.Tenants.SelectMany(t => new[] { $"{t}-postgres", $"{t}-redis", $"{t}-mosquitto", $"{t}-n8n", $"{t}-n8n-worker-1" })
                : ["postgres", "redis", "mosquitto", "n8n", "n8n-worker-1"];
            IEnumerable<string> shared = ["qdrant", "minio", "ai-proxy", "embed-service", "jeux-text", "strudel", "prometheus", "grafana"];
            return data.Concat(shared).Concat(Options.Caddy ? ["caddy"] : []).Select(Container).Order(StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<string> ExpectedNetworks
    {
        get
        {
            IEnumerable<string> tenants = Options.MultiTenant
                ? Options.Tenants.SelectMany(t => new[] { $"tenant_{t}_net", $"tenant_{t}_embed_net" })
                : ["azoth_net"];
            return new[] { "ingress_net", "koff_net", "backbone_net", "monitoring_net" }.Concat(tenants).Select(Network).Order(StringComparer.Ordinal).ToList();
        }
    }

    private void WriteProject()
    {
        var repo = E2eEnvironment.RepoRoot;
        File.Copy(Path.Combine(repo, "Pulumi.yaml"), Path.Combine(ProjectDir, "Pulumi.yaml"));
        CopyDirectory(Path.Combine(repo, "configs"), Path.Combine(ProjectDir, "configs"));

        // The demo stack: same encryptionsalt, same secure groqApiKey (passphrase infra-example), same images.
        var lines = File.ReadAllLines(Path.Combine(repo, "Pulumi.demo.yaml"))
            .Where(l => !l.TrimStart().StartsWith("selfhosted:namePrefix:", StringComparison.Ordinal)
                     && !l.TrimStart().StartsWith("selfhosted:probeImage:", StringComparison.Ordinal))
            .ToList();
        if (!lines.Any(l => l.StartsWith("encryptionsalt:", StringComparison.Ordinal)) || !lines.Contains("config:"))
            throw new InvalidOperationException("Pulumi.demo.yaml changed shape: no encryptionsalt or config");
        lines.Add($"  selfhosted:namePrefix: {Prefix}");
        lines.Add($"  selfhosted:probeImage: {ProbeImage}");
        lines.Add("  selfhosted:ports:");
        foreach (var key in PortKeys)
        {
            if (Options.Publish.Contains(key)) _ports[key] = FreePorts.Next();
            lines.Add($"    {key}: {(_ports.TryGetValue(key, out var p) ? $"\"127.0.0.1:{p}\"" : "off")}");
        }
        if (Options.MultiTenant)
        {
            lines.Add("  selfhosted:multiTenant: true");
            lines.Add($"  selfhosted:tenants: [{string.Join(", ", Options.Tenants)}]");
            // Tenants' default ports (5679…, 1884…) are the same for every stack on this shared dockerd: free ones instead.
            lines.Add("  selfhosted:tenantSettings:");
            foreach (var t in Options.Tenants)
            {
                _ports[$"{t}-n8n"] = FreePorts.Next();
                lines.Add($"    {t}:");
                lines.Add($"      ports: {{n8n: \"127.0.0.1:{_ports[$"{t}-n8n"]}\", mosquitto: off, mosquitto-tls: off}}");
            }
        }
        if (Options.Caddy)
        {
            _ports["caddy-http"] = FreePorts.Next();
            _ports["caddy-https"] = FreePorts.Next();
            lines.AddRange(
            [
                "  selfhosted:caddy:",
                "    enabled: true",
                $"    publicDomain: {PublicDomain}",
                $"    email: e2e@{PublicDomain}",
                "    tls: internal",
                "    bindAddress: 127.0.0.1",
                $"    httpPort: {_ports["caddy-http"]}",
                $"    httpsPort: {_ports["caddy-https"]}",
            ]);
        }
        File.WriteAllLines(StackFile, lines);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    // ---- the CLI -------------------------------------------------------------------------------------------

    private IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PULUMI_CONFIG_PASSPHRASE"] = Passphrase,
        ["PULUMI_CONFIG_PASSPHRASE_FILE"] = null,
        ["INFRA_BACKEND_URL"] = "file://" + BackendDir,
        ["INFRA_STACK"] = null,
        ["PULUMI_PARALLEL"] = null,
        ["CI"] = "true",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>Starts <c>infra ARGS -s STACK</c> in the project folder.</summary>
    public RunningProcess StartInfra(params string[] args) => StartInfraWith(new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="StartInfra"/>, with variables added to (or, null, removed from) the stack's environment.</summary>
    public RunningProcess StartInfraWith(IReadOnlyDictionary<string, string?> variables, params string[] args) =>
        StartInfraOn(null, ProjectDir, variables, args);

    /// <summary>
    /// As <see cref="StartInfraWith"/>, in another working copy, and, given a <paramref name="hostName"/>, as if on
    /// another machine: in its own UTS namespace (<c>unshare -u</c>) whose host name is that one.
    /// </summary>
    public RunningProcess StartInfraOn(string? hostName, string workingCopy, IReadOnlyDictionary<string, string?> variables, params string[] args)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (k, v) in variables) environment[k] = v;
        string[] infra = [E2eEnvironment.Infra, .. args, "-s", Name];
        var process = hostName is null
            ? new RunningProcess(infra[0], infra[1..], workingCopy, environment)
            : new RunningProcess("unshare", ["-u", "sh", "-c", "hostname \"$0\" && exec \"$@\"", hostName, .. infra], workingCopy, environment);
        var shown = string.Concat(variables.Select(kv => $"{kv.Key}={kv.Value} "));
        Write($"$ {shown}infra {string.Join(' ', args)}   (started{(hostName is null ? "" : $" on host {hostName}")}, pid {process.Id})");
        return process;
    }

    /// <summary>A second working copy of the project (another clone, as on another machine): same files, own folder.</summary>
    public string CopyProject(string name)
    {
        var copy = Path.Combine(Root, name);
        CopyDirectory(ProjectDir, copy);
        return copy;
    }

    /// <summary>The URN the state gives the resource of this type and (program) name, e.g. <c>docker:Container</c> <c>redis</c>.</summary>
    public async Task<string> UrnAsync(string type, string name)
    {
        var resources = (await StateAsync())["deployment"]!["resources"]!.AsArray();
        return resources.Select(r => (Type: (string?)r!["type"], Urn: (string)r!["urn"]!))
            .Single(r => r.Type == type && r.Urn.EndsWith($"::{name}", StringComparison.Ordinal)).Urn;
    }

    /// <summary>Runs <c>infra ARGS -s STACK</c> to the end and logs it.</summary>
    public async Task<RunResult> InfraAsync(params string[] args)
    {
        using var process = new RunningProcess(E2eEnvironment.Infra, [.. args, "-s", Name], ProjectDir, Environment);
        var result = await process.WaitAsync(CommandTimeout);
        Record(result, args);
        return result;
    }

    /// <summary>Logs a command and its output; what <c>--show-secrets</c> printed stays out of the log.</summary>
    public void Record(RunResult result, IEnumerable<string> args)
    {
        var list = args.ToList();
        var stdout = result.ExitCode != 0 ? result.Stdout.TrimEnd()
            : list.Contains("--show-secrets") ? "(secrets not logged)"
            : list.SequenceEqual(["stack", "export"]) ? $"({result.Stdout.Length} characters of state not logged)"
            : result.Stdout.TrimEnd();
        Write($"$ infra {string.Join(' ', list)}   (exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0}s)\n{stdout}\n{result.Stderr.TrimEnd()}".TrimEnd());
    }

    /// <summary>Runs infra and asserts its exit code, showing the whole output when it differs.</summary>
    public async Task<RunResult> InfraExpectAsync(int exitCode, params string[] args)
    {
        var result = await InfraAsync(args);
        if (result.ExitCode != exitCode)
            Assert.Fail($"expected exit {exitCode} from `infra {string.Join(' ', args)}`, got {result.ExitCode}\n{result}");
        return result;
    }

    public Task<RunResult> UpAsync(params string[] extra) => InfraExpectAsync(0, ["up", "--yes", .. extra]);

    public async Task<RunResult> VerifyAsync()
    {
        var result = await InfraExpectAsync(0, "verify");
        Assert.Contains("verify: passed", result.Stdout);
        return result;
    }

    /// <summary>The generated secrets in plaintext (<c>stack output secrets --show-secrets --json</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> SecretsAsync()
    {
        var result = await InfraExpectAsync(0, "stack", "output", "secrets", "--show-secrets", "--json");
        return JsonNode.Parse(result.Stdout)!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
    }

    /// <summary>The state file as <c>stack export</c> prints it (secrets stay encrypted).</summary>
    public async Task<JsonObject> StateAsync()
    {
        var result = await InfraExpectAsync(0, "stack", "export");
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    /// <summary>
    /// The state and the host agree and nothing is half done: no pending operations, refresh finds no drift,
    /// preview proposes nothing, the containers and networks carrying the prefix are exactly those declared.
    /// </summary>
    public async Task AssertConvergedAsync()
    {
        var state = await StateAsync();
        var latest = state["deployment"]!;
        var pending = latest["pending_operations"] as JsonArray;
        Assert.True(pending is null || pending.Count == 0, $"pending operations left in the state: {pending?.ToJsonString()}");
        var resources = latest["resources"]!.AsArray();
        string[] NamesOf(string type) => resources.Where(r => (string?)r!["type"] == type).Select(r => (string)r!["inputs"]!["name"]!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(ExpectedContainers, NamesOf(ContainerKind.TypeToken));
        Assert.Equal(ExpectedNetworks, NamesOf(NetworkKind.TypeToken));
        Assert.Equal(ExpectedContainers, await DockerCli.ContainersAsync(Prefix));
        Assert.Equal(ExpectedNetworks, await DockerCli.NetworksAsync(Prefix));

        await InfraExpectAsync(0, "refresh", "--preview-only", "--expect-no-changes");
        await InfraExpectAsync(0, "preview", "--expect-no-changes");
    }

    /// <summary>An image this test made (removed on dispose); the name must carry the stack's name.</summary>
    public void TrackImage(string reference)
    {
        if (!reference.StartsWith(Name, StringComparison.Ordinal)) throw new ArgumentException("test images carry the stack's name", nameof(reference));
        _images.Add(reference);
    }

    public void Write(string text)
    {
        var stamped = $"[{DateTime.Now:HH:mm:ss}] {text}";
        lock (_log) _log.AppendLine(stamped);
        try { Output?.WriteLine(stamped); }
        catch (InvalidOperationException) { /* the test that attached the helper is over */ }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var destroy = await InfraAsync("destroy", "--yes");
            if (destroy.ExitCode != 0) Write($"cleanup: destroy exited {destroy.ExitCode}");
        }
        catch (Exception e) { Write($"cleanup: destroy failed: {e.Message}"); }
        try
        {
            foreach (var removed in await DockerCli.PurgeAsync(Prefix)) Write($"cleanup: removed {removed}");
            foreach (var image in _images) await DockerCli.RunAsync("image", "rm", image);
        }
        catch (Exception e) { Write($"cleanup: {e.Message}"); }
        if (System.Environment.GetEnvironmentVariable("E2E_KEEP_DIRS") != "1")
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Free high loopback ports, never the same one twice in a run.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (port >= 20000 && Given.Add(port)) return port;
            }
    }
}
