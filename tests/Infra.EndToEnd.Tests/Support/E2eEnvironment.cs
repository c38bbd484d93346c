namespace Infra.EndToEnd.Tests.Support;

/// <summary>
/// Once per run: a Docker daemon (<c>.ci/docker-up.sh</c>), the test sshd (<c>.ci/sshd-up.sh</c>), the fault tests' tools (<c>.ci/tools-up.sh</c>), the offline
/// demo images (<c>images/build.sh</c>) and the <c>infra</c> command as users install it (<c>scripts/install.sh</c>, native AOT on
/// this machine), which every test runs.
/// Nothing is skipped when they are missing: they are made, or every test fails with the scripts' output.
/// </summary>
public sealed class E2eEnvironment : IAsyncLifetime
{
    private static readonly Lazy<Task> Prepared = new(PrepareAsync);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Where this run installs the command: a folder of its own, removed when the run ends.</summary>
    private static readonly Lazy<string> InstallDir = new(() => Directory.CreateTempSubdirectory("infra-e2e-").FullName);

    /// <summary>Names an installed <c>infra</c> to test instead of installing one (a shorter loop while working on the tests).</summary>
    public const string CommandVariable = "INFRA_E2E_COMMAND";

    /// <summary>The CLI under test: what <c>scripts/install.sh</c> puts on a user's PATH, installed once per run.</summary>
    public static string Infra { get; } =
        Environment.GetEnvironmentVariable(CommandVariable) is { Length: > 0 } given ? given : Path.Combine(InstallDir.Value, "bin", "infra");

    public static Task EnsureAsync() => Prepared.Value;

    /// <summary>The test sshd of <c>.ci/sshd-up.sh</c>: its folder (keys, known_hosts) and port.</summary>
    public static string SshdDir { get; } = Environment.GetEnvironmentVariable("SSHD_TEST_DIR") ?? "/tmp/infra-test-sshd";
    public const int SshdPort = 2222;

    public Task InitializeAsync() => EnsureAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task PrepareAsync()
    {
        await RunScriptAsync(".ci/docker-up.sh", TimeSpan.FromMinutes(5));
        await RunScriptAsync(".ci/sshd-up.sh", TimeSpan.FromMinutes(5));
        await RunScriptAsync(".ci/tools-up.sh", TimeSpan.FromMinutes(5));
        await RunScriptAsync("images/build.sh", TimeSpan.FromMinutes(15));
        if (InstallDir.IsValueCreated)
        {
            var dir = InstallDir.Value;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
            await RunScriptAsync("scripts/install.sh", TimeSpan.FromMinutes(15),
                new() { ["INFRA_PREFIX"] = dir, ["INFRA_COMPLETIONS_DIR"] = Path.Combine(dir, "completions") });
        }
        if (!File.Exists(Infra)) throw new InvalidOperationException($"{Infra} is missing (scripts/install.sh, or {CommandVariable})");
    }

    private static async Task RunScriptAsync(string script, TimeSpan timeout, Dictionary<string, string?>? environment = null)
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoRoot, script)], timeout, RepoRoot, environment);
        if (result.ExitCode != 0) throw new InvalidOperationException($"{script} failed; the end-to-end tests need it:\n{result}");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")) && File.Exists(Path.Combine(dir.FullName, "Pulumi.demo.yaml"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Every end-to-end test is in this one collection: they run one after the other (a cold deploy uses both cores,
/// and each stack's verify probes would otherwise meet the other stacks' network churn).
/// </summary>
[CollectionDefinition(Name)]
public sealed class E2eCollection : ICollectionFixture<E2eEnvironment>
{
    public const string Name = "end-to-end";
}
