using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using Infra.Cli.Composition;
using Infra.Providers.Docker;

namespace Infra.Cli.Tests.Support;

/// <summary>
/// A small real deployment of the seed stack for the bad-input corpus: the repository's Pulumi.yaml and configs, a stack
/// file derived from Pulumi.demo.yaml (its passphrase, salt and images) with a unique name prefix and nothing published,
/// and a targeted <c>up</c> of the networks, volumes, one generated password and one container. Disposing destroys it and
/// removes whatever still carries the prefix.
/// </summary>
public sealed class CorpusStack : IAsyncLifetime
{
    public const string Stack = "crp";
    public const string Passphrase = "infra-example";

    public CorpusStack()
    {
        Prefix = $"crp{Guid.NewGuid():N}"[..10] + "-";
        Harness = new CliHarness(Stack, Passphrase);
    }

    public CliHarness Harness { get; }
    public string Prefix { get; }
    public string ProjectFile => Path.Combine(Harness.ProjectDir, "Pulumi.yaml");
    public string StackFile => Harness.StackFile(Stack);
    public string StatePath => Path.Combine(Harness.BackendDir, "stacks", "selfhosted", $"{Stack}.json");
    public TimeSpan DeployTime { get; private set; }

    public async Task InitializeAsync()
    {
        var repo = RepoRoot();
        File.Copy(Path.Combine(repo, "Pulumi.yaml"), ProjectFile, overwrite: true);
        var lines = File.ReadAllLines(Path.Combine(repo, "Pulumi.demo.yaml"))
            .Where(l => !l.TrimStart().StartsWith("selfhosted:namePrefix:", StringComparison.Ordinal)
                     && !l.TrimStart().StartsWith("selfhosted:probeImage:", StringComparison.Ordinal))
            .ToList();
        lines.Add($"  selfhosted:namePrefix: {Prefix}");
        lines.Add("  selfhosted:probeImage: infra-demo/debian:bookworm");
        lines.Add("  selfhosted:ports:");
        foreach (var key in new[] { "mosquitto", "mosquitto-tls", "qdrant", "minio", "minio-console", "n8n", "ai-proxy", "embed-service", "jeux-text", "strudel", "prometheus", "grafana" })
            lines.Add($"    {key}: off");
        File.WriteAllLines(StackFile, lines);

        var clock = Stopwatch.StartNew();
        string[] targets =
        [
            "**docker:Network::**", "**docker:Volume::**", "**::redis-password", "**::strudel", "**docker:Image::infra-demo-strudel-standin",
            "**::preflight", "**::ingress", "**::data", "**::monitoring", "**::azoth", $"**::selfhosted-{Stack}",
        ];
        var result = await RunAsync(["up", "--yes", .. targets.SelectMany(t => new[] { "--target", t })]);
        DeployTime = clock.Elapsed;
        Assert.True(result.ExitCode == 0, $"deploying the corpus stack failed:\n{result}");
    }

    /// <summary>The CLI in-process, with the seed program and the harness's environment.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Harness.RunAsync(SeedComposition.Create(), CancellationToken.None, args);

    /// <summary>A <c>secure:</c> ciphertext made with another passphrase and salt than the stack's.</summary>
    public static string ForeignCiphertext(string plaintext) => Infra.Engine.Secrets.PassphraseCrypter.CreateNew("another passphrase").Crypter.Encrypt(plaintext);

    /// <summary>
    /// The inspect of every container, network and volume carrying the prefix, through the engine's API (a CLI per
    /// object costs a process each); a container's health-probe log is left out: it changes by itself.
    /// </summary>
    public async Task<string> HostSnapshotAsync()
    {
        using var client = DockerClients.Create(new Uri(DockerHostOptions.DefaultHost), null, null);
        var byName = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [Prefix] = true } };
        var text = new StringBuilder();
        foreach (var c in (await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = byName })).OrderBy(c => c.ID))
        {
            var live = await client.Containers.InspectContainerAsync(c.ID);
            text.AppendLine(JsonSerializer.Serialize(new
            {
                live.ID, live.Name, live.Image, live.Created, live.State?.Status, live.State?.StartedAt, live.RestartCount,
                live.Config, live.HostConfig, live.NetworkSettings?.Networks, live.Mounts,
            }));
        }
        foreach (var n in (await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = byName })).OrderBy(n => n.ID))
            text.AppendLine(JsonSerializer.Serialize(await client.Networks.InspectNetworkAsync(n.ID)));
        foreach (var v in (await client.Volumes.ListAsync(new VolumesListParameters { Filters = byName })).Volumes.OrderBy(v => v.Name))
            text.AppendLine(JsonSerializer.Serialize(await client.Volumes.InspectAsync(v.Name)));
        return text.ToString();
    }

    public static async Task<string> Shell(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }

    /// <summary>Every file under <paramref name="root"/> by relative path, with a hash of its bytes.</summary>
    public static SortedDictionary<string, string> Files(string root)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return files;
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        return files;
    }

    public async Task DisposeAsync()
    {
        try { await RunAsync("destroy", "--yes", "--include-retained"); }
        finally
        {
            var p = Prefix;
            await Shell($"docker rm -f $(docker ps -aq --filter name=^{p}) 2>/dev/null; docker network rm $(docker network ls -q --filter name=^{p}) 2>/dev/null; docker volume rm $(docker volume ls -q --filter name=^{p}) 2>/dev/null; true");
            Harness.Dispose();
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }
}
