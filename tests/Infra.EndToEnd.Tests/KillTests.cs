using Infra.EndToEnd.Tests.Support;
using Infra.Providers.Docker;

namespace Infra.EndToEnd.Tests;

/// <summary>
/// Scenario 5: <c>infra up</c> killed with SIGKILL (the whole process tree) mid-run, here while Postgres is replaced
/// (the points of a cold deploy, taken by what the run prints or a pause point rather than by time, are in
/// <see cref="KillPointTests"/>). The next <c>up --yes</c> must
/// converge: verify passes, the state has no pending operation and matches the host, no container or network
/// with the prefix exists beyond those declared, and data written before the kill is still there.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class KillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Up_killed_while_replacing_postgres_converges_and_keeps_the_rows_written_before()
    {
        await using var stack = TestStack.Create(output: output);
        await stack.UpAsync();
        var pg = stack.Container("postgres");
        await DockerCli.OkAsync("exec", pg, "psql", "-U", "n8n", "-d", "n8n", "-v", "ON_ERROR_STOP=1",
            "-c", "create table e2e_kept (v text)", "-c", "insert into e2e_kept values ('written before the kill')");

        // Another image id for Postgres (the demo image plus a label): the container must be replaced, delete first.
        var image = $"{stack.Name}/postgres:15-b";
        stack.TrackImage(image);
        var context = Directory.CreateDirectory(Path.Combine(stack.Root, "postgres-b")).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM infra-demo/postgres:15\nLABEL org.e2e.variant=b\n");
        var build = await ChildProcess.RunAsync("docker", ["build", "-q", "-t", image, context], TimeSpan.FromMinutes(3),
            environment: new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" });
        Assert.True(build.ExitCode == 0, build.ToString());
        var imageId = await DockerCli.OkAsync("image", "inspect", "-f", "{{.Id}}", image);
        await stack.InfraExpectAsync(0, "config", "set", "--path", "selfhosted:images.postgres", image);
        var preview = await stack.InfraExpectAsync(0, "preview");
        Assert.Matches($@"\+-\s+{ContainerKind.TypeToken} postgres replace", preview.Stdout);

        // Killed while the original is being stopped and removed, then while the replacement starts.
        await KillAsync(stack, "while deleting the original Postgres", async up =>
        {
            // At once: stopping and removing it takes a fraction of a second.
            await up.WaitForLineAsync(l => l.Contains($"{ContainerKind.TypeToken} postgres deleting original"), TimeSpan.FromMinutes(2));
        });
        await KillAsync(stack, "while the replacement Postgres starts", async up =>
        {
            await up.WaitForLineAsync(l => l.Contains($"{ContainerKind.TypeToken} postgres") && (l.Contains("creating replacement") || l.Contains("creating...")),
                TimeSpan.FromMinutes(2));
            await Task.Delay(1500);
        });

        await stack.UpAsync();
        await stack.AssertConvergedAsync();
        await stack.VerifyAsync();
        Assert.Equal(imageId, await DockerCli.InspectAsync(pg, "{{.Image}}"));
        Assert.Equal("written before the kill", await DockerCli.OkAsync("exec", pg, "psql", "-U", "n8n", "-d", "n8n", "-tAc", "select v from e2e_kept"));
        var password = (await stack.SecretsAsync())["postgres-password"];
        var login = await DockerCli.RunAsync("exec", pg, "psql", $"postgresql://n8n:{password}@{pg}/n8n", "-tAc", "select count(*) from e2e_kept");
        Assert.True(login.ExitCode == 0 && login.Stdout.Trim() == "1", login.ToString());
    }

    private static Task KillAsync(TestStack stack, string when, Func<RunningProcess, Task> until) =>
        InfraKill.KillAsync(stack, when, until, ["up", "--yes"]);
}
