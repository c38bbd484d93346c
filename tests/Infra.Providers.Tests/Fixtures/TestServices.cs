using Infra.Providers.Processes;

namespace Infra.Providers.Tests.Fixtures;

/// <summary>
/// The real services the tests use, started once per test run by the repository's own scripts:
/// dockerd (.ci/docker-up.sh), a test sshd on 127.0.0.1:2222 (.ci/sshd-up.sh), and a tiny busybox image.
/// Nothing is skipped when a service is missing: it is started, or the tests fail.
/// </summary>
public static class TestServices
{
    public const string Image = "infra-test/busybox:1";
    public const int SshPort = 2222;
    public const string NoDockerUser = "infra-nodocker";
    public static readonly string SshDir = Environment.GetEnvironmentVariable("SSHD_TEST_DIR") ?? "/tmp/infra-test-sshd";

    private static readonly Lazy<Task> Started = new(StartAsync);

    public static Task EnsureAsync() => Started.Value;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SshUrl(string user = "root", string? socketPath = null, int port = SshPort) =>
        $"ssh://{user}@127.0.0.1:{port}{socketPath}";

    /// <summary>Pins the test host key and uses the test key: the host key is still checked.</summary>
    public static IReadOnlyList<string> SshOpts(string? knownHosts = null, string? key = null) =>
        ["-o", $"UserKnownHostsFile={knownHosts ?? Path.Combine(SshDir, "known_hosts")}", "-o", "IdentitiesOnly=yes",
         "-o", "IdentityAgent=none", "-i", key ?? Path.Combine(SshDir, "id_ed25519")];

    private static async Task StartAsync()
    {
        await RunScriptAsync(".ci/docker-up.sh");
        await RunScriptAsync(".ci/sshd-up.sh");
        await TestImage.EnsureAsync();
    }

    private static async Task RunScriptAsync(string script)
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoRoot, script)]);
        if (!result.Succeeded) throw new InvalidOperationException($"{script} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
    }

    /// <summary>Runs the docker CLI (for setting up drift and for reading results back), failing on error.</summary>
    public static async Task<string> DockerAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync("docker", args);
        if (!result.Succeeded) throw new InvalidOperationException($"docker {string.Join(' ', args)} failed: {result.Stderr}");
        return result.Stdout.Trim();
    }

    public static async Task<ProcessResult> TryDockerAsync(params string[] args) => await ChildProcess.RunAsync("docker", args);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }
}
