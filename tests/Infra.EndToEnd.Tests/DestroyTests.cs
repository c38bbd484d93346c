using Infra.EndToEnd.Tests.Support;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.EndToEnd.Tests;

/// <summary>A stack deployed, given a row of data, destroyed, and deployed again; what the host held in between is recorded.</summary>
public sealed class DestroyedStackFixture : IAsyncLifetime
{
    public const string Row = "kept across destroy";

    public TestStack Stack { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> SecretsBefore { get; private set; } = null!;
    public RunResult Destroy { get; private set; } = null!;
    public IReadOnlyList<string> ContainersAfterDestroy { get; private set; } = [];
    public IReadOnlyList<string> NetworksAfterDestroy { get; private set; } = [];
    public IReadOnlyList<string> VolumesAfterDestroy { get; private set; } = [];
    /// <summary>The types of what the state still records after destroy: only retained resources may stay.</summary>
    public IReadOnlyList<string> TypesInStateAfterDestroy { get; private set; } = [];
    public RunResult UpAgain { get; private set; } = null!;
    public Exception? Failure { get; private set; }

    public async Task InitializeAsync()
    {
        await E2eEnvironment.EnsureAsync();
        Stack = TestStack.Create();
        try
        {
            await Stack.UpAsync();
            await DockerCli.OkAsync("exec", Stack.Container("postgres"), "psql", "-U", "n8n", "-d", "n8n", "-v", "ON_ERROR_STOP=1",
                "-c", "create table e2e_kept (v text)", "-c", $"insert into e2e_kept values ('{Row}')");
            SecretsBefore = await Stack.SecretsAsync();

            Destroy = await Stack.InfraAsync("destroy", "--yes");
            ContainersAfterDestroy = await DockerCli.ContainersAsync(Stack.Prefix);
            NetworksAfterDestroy = await DockerCli.NetworksAsync(Stack.Prefix);
            VolumesAfterDestroy = await DockerCli.VolumesAsync(Stack.Prefix);
            TypesInStateAfterDestroy = (await Stack.StateAsync())["deployment"]!["resources"]!.AsArray()
                .Select(r => r!["type"]!.GetValue<string>()).ToList();

            UpAgain = await Stack.InfraAsync("up", "--yes");
        }
        catch (Exception e) { Failure = e; }
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>Scenario 7: destroy keeps the data volumes, says so, and the next up finds the old data.</summary>
[Collection(E2eCollection.Name)]
public sealed class DestroyTests : IClassFixture<DestroyedStackFixture>
{
    private readonly DestroyedStackFixture _f;
    private readonly TestStack _stack;

    public DestroyTests(DestroyedStackFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _stack = fixture.Stack;
        _stack.Output = output;
        if (fixture.Failure is not null) Assert.Fail($"setting up the destroyed stack failed: {fixture.Failure}\n{_stack.Log}");
    }

    [Fact]
    public void Destroy_removes_containers_and_networks_and_keeps_the_data_volumes_saying_so()
    {
        Assert.True(_f.Destroy.ExitCode == 0, _f.Destroy.ToString());
        Assert.Empty(_f.ContainersAfterDestroy);
        Assert.Empty(_f.NetworksAfterDestroy);
        // Only the retained resources stay recorded: the data volumes and the generated secrets that open their data.
        Assert.All(_f.TypesInStateAfterDestroy, t => Assert.Contains(t, new[] { VolumeKind.TypeToken, RandomProvider.PasswordType }));
        Assert.Equal(8, _f.TypesInStateAfterDestroy.Count(t => t == VolumeKind.TypeToken));

        string[] dataVolumes = ["grafana-data", "minio-data", "mosquitto-data", "n8n-data", "postgres-data", "prometheus-data", "qdrant-storage", "redis-data"];
        Assert.Equal(dataVolumes.Select(v => _stack.Prefix + v).Order(StringComparer.Ordinal), _f.VolumesAfterDestroy);
        Assert.Contains($"Kept (retainOnDelete, {_f.TypesInStateAfterDestroy.Count}):", _f.Destroy.Stdout);
        foreach (var v in dataVolumes) Assert.Contains($"{VolumeKind.TypeToken} {v}", _f.Destroy.Stdout);
        Assert.Contains("their data stays on the host", _f.Destroy.Stdout);
    }

    [Fact]
    public async Task Next_up_keeps_the_retained_volumes_and_finds_the_old_rows()
    {
        Assert.True(_f.UpAgain.ExitCode == 0, _f.UpAgain.ToString());
        // Still recorded, so neither created nor adopted again: the same volume serves the new container.
        Assert.DoesNotContain($"{VolumeKind.TypeToken} postgres-data create", _f.UpAgain.Stdout);
        var pg = _stack.Container("postgres");
        Assert.Equal(DestroyedStackFixture.Row, await DockerCli.OkAsync("exec", pg, "psql", "-U", "n8n", "-d", "n8n", "-tAc", "select v from e2e_kept"));
        await _stack.VerifyAsync();
        await _stack.AssertConvergedAsync();
    }

    /// <summary>
    /// The kept data is only of use if the services can still log into it: the Postgres role's password lives in
    /// the kept volume, so the password the stack hands to n8n after the new up must still open it.
    /// </summary>
    [Fact]
    public async Task Next_up_gives_n8n_a_postgres_password_the_kept_database_accepts()
    {
        Assert.True(_f.UpAgain.ExitCode == 0, _f.UpAgain.ToString());
        var pg = _stack.Container("postgres");
        var password = (await _stack.SecretsAsync())["postgres-password"];
        Assert.Contains($"DB_POSTGRESDB_PASSWORD={password}", await DockerCli.InspectAsync(_stack.Container("n8n"), "{{json .Config.Env}}"));
        var login = await DockerCli.RunAsync("exec", pg, "psql", $"postgresql://n8n:{password}@{pg}/n8n", "-tAc", "select v from e2e_kept");
        Assert.True(login.ExitCode == 0 && login.Stdout.Trim() == DestroyedStackFixture.Row,
            $"after destroy → up the stack's postgres-password (changed: {password != _f.SecretsBefore["postgres-password"]}) is refused by the kept database:\n{login}");
    }
}
