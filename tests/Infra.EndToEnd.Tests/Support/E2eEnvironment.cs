namespace Infra.EndToEnd.Tests.Support;

/// <summary>
/// Once per run: a Docker daemon (<c>.ci/docker-up.sh</c>), the test sshd (<c>.ci/sshd-up.sh</c>), the fault tests' tools (<c>.ci/tools-up.sh</c>) and the offline
/// demo images (<c>images/build.sh</c>).
/// Nothing is skipped when they are missing: they are made, or every test fails with the scripts' output.
/// </summary>
public sealed class E2eEnvironment : IAsyncLifetime
{
    private static readonly Lazy<Task> Prepared = new(PrepareAsync);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The CLI under test, built next to this assembly by the project reference.</summary>
    public static string InfraDll { get; } = Path.Combine(AppContext.BaseDirectory, "infra.dll");

    /// <summary>The dotnet host that runs the tests, to run <c>infra.dll</c> with.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static Task EnsureAsync() => Prepared.Value;

    /// <summary>The test sshd of <c>.ci/sshd-up.sh</c>: its folder (keys, known_hosts) and port.</summary>
    public static string SshdDir { get; } = Environment.GetEnvironmentVariable("SSHD_TEST_DIR") ?? "/tmp/infra-test-sshd";
    public const int SshdPort = 2222;

    public Task InitializeAsync() => EnsureAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task PrepareAsync()
    {
        if (!File.Exists(InfraDll)) throw new InvalidOperationException($"{InfraDll} is missing: the project reference to infra/Infra.Cli.csproj should put it there");
        await RunScriptAsync(".ci/docker-up.sh", TimeSpan.FromMinutes(5));
        await RunScriptAsync(".ci/sshd-up.sh", TimeSpan.FromMinutes(5));
        await RunScriptAsync(".ci/tools-up.sh", TimeSpan.FromMinutes(5));
        await RunScriptAsync("images/build.sh", TimeSpan.FromMinutes(15));
    }

    private static async Task RunScriptAsync(string script, TimeSpan timeout)
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoRoot, script)], timeout, RepoRoot);
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
