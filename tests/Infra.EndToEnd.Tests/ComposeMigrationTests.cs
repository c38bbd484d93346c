using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// A user of the seed's compose deployment moves to the stack and keeps the data: the project's compose file
/// (benchmarks/compose/docker-compose.yml) started with docker-compose 1.29, rows written, the project stopped,
/// `infra import --from-compose`, the project taken down (volumes kept), `infra up`, the same rows read back.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class ComposeMigrationTests(ITestOutputHelper output)
{
    private const string Project = "benchc";

    [Fact]
    public async Task A_compose_deployment_moves_to_the_stack_with_its_postgres_rows_and_passwords()
    {
        await E2eEnvironment.EnsureAsync();
        var repo = E2eEnvironment.RepoRoot;
        var conf = Directory.CreateTempSubdirectory("infra-compose-").FullName;
        var composeFile = Path.Combine(repo, "benchmarks", "compose", "docker-compose.yml");
        string[] Compose(params string[] args) => ["--env-file", Path.Combine(conf, "compose.env"), "-p", Project, "-f", composeFile, .. args];
        await using var stack = TestStack.Create(new StackOptions(), output);
        try
        {
            var started = await ChildProcess.RunAsync("bash", [Path.Combine(repo, "benchmarks", "compose", "compose-up.sh"), conf], TimeSpan.FromMinutes(10));
            Assert.True(started.ExitCode == 0, started.ToString());
            await Asserts.EventuallyAsync(TimeSpan.FromMinutes(5), async () =>
            {
                var healthy = await DockerCli.OkAsync("ps", "--filter", $"name=^{Project}-", "--filter", "health=healthy", "-q");
                var count = healthy.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                return count >= 12 ? null : $"{count} of 12 compose containers healthy";
            });
            var write = await DockerCli.RunAsync("exec", $"{Project}-postgres", "psql", "-U", "n8n", "-d", "n8n", "-c",
                "create table kept(x text); insert into kept values ('written under compose');");
            Assert.True(write.ExitCode == 0, write.ToString());
            await ComposeOkAsync(Compose("stop"));

            var volumesBefore = (await DockerCli.OkAsync("volume", "ls", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var import = await stack.InfraAsync("import", "--from-compose", Project, "--yes");
            Assert.True(import.ExitCode == 0, import.ToString());
            // The copies leave nothing behind: the only new volumes are the stack's own.
            var added = (await DockerCli.OkAsync("volume", "ls", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Except(volumesBefore);
            Assert.All(added, v => Assert.StartsWith(stack.Prefix, v, StringComparison.Ordinal));
            Assert.Contains($"copy volume {Project}-postgres-data → {stack.Prefix}postgres-data", import.Stdout);
            Assert.Contains("import random:Password 'postgres-password' from POSTGRES_PASSWORD of service postgres", import.Stdout);
            Assert.Contains("import random:Password 'n8n-encryption-key' from N8N_ENCRYPTION_KEY of service n8n", import.Stdout);
            // Nothing left to carry: a second import says so and changes nothing.
            var again = await stack.InfraAsync("import", "--from-compose", Project, "--yes");
            Assert.Equal(2, again.ExitCode);

            // The user lets compose go: its containers, and the anonymous volumes its images declare (a plain `down`
            // would leave those behind for good: the `down -v` below no longer knows them).
            await ComposeOkAsync(Compose("rm", "--stop", "--force", "-v"));
            var up = await stack.UpAsync();
            Assert.DoesNotContain("docker:Volume postgres-data create", up.Stdout);

            var password = (await stack.SecretsAsync())["postgres-password"];
            var pg = stack.Container("postgres");
            var read = await DockerCli.RunAsync("exec", pg, "psql", $"postgresql://n8n:{password}@{pg}/n8n", "-tAc", "select x from kept");
            Assert.True(read.ExitCode == 0, read.ToString());
            Assert.Equal("written under compose", read.Stdout.Trim());
            // The source is the user's to remove.
            Assert.Equal($"{Project}-postgres-data", await DockerCli.OkAsync("volume", "inspect", "-f", "{{.Name}}", $"{Project}-postgres-data"));
        }
        finally
        {
            await ChildProcess.RunAsync("docker-compose", Compose("down", "-v"), TimeSpan.FromMinutes(3));
            Directory.Delete(conf, recursive: true);
        }
    }

    private static async Task ComposeOkAsync(string[] args)
    {
        var result = await ChildProcess.RunAsync("docker-compose", args, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
