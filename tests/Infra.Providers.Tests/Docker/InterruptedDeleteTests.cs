using Docker.DotNet.Models;
using Infra.Engine.Model;
using Infra.Engine.Providers;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

/// <summary>
/// A run killed while deleting a container leaves its stop to dockerd, which finishes it (up to the grace period)
/// after the run is gone. Settling the interrupted delete waits for that stop, so the next read sees where it ends.
/// </summary>
public sealed class InterruptedDeleteTests : ServicesTest
{
    [Fact]
    public async Task Settling_an_interrupted_delete_returns_once_the_stop_a_killed_run_left_in_dockerd_has_ended()
    {
        await using var stack = new TestStack("settle");
        var name = stack.Name("slow");
        // Takes 8 s to stop after SIGTERM, and says when the signal came.
        void Program(StackRoot root) => _ = new Container("slow", new ContainerArgs
        {
            Name = name,
            Image = TestServices.Image,
            Command = ["sh", "-c", "trap 'touch /tmp/term; sleep 8; exit 0' TERM; while :; do sleep 0.2; done"],
            StopGraceSeconds = 120,
        }, root);
        await stack.UpAsync(Program);
        var container = stack.Snapshot.Of("slow");

        // The killed run: its stop request reaches dockerd, then its connection goes away.
        using (var client = DockerClients.Create(new Uri("unix:///var/run/docker.sock"), null, null))
        using (var killed = new CancellationTokenSource())
        {
            var stop = client.Containers.StopContainerAsync(container.Id!, new ContainerStopParameters { WaitBeforeKillSeconds = 120 }, killed.Token);
            await WaitForAsync(async () => (await TestServices.TryDockerAsync("exec", name, "test", "-f", "/tmp/term")).Succeeded, TimeSpan.FromMinutes(2));
            await killed.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stop);
        }
        Assert.Equal("true", await ContainerTests.Inspect(name, "{{.State.Running}}"));

        await using var connection = new DockerConnection(stack.Host);
        await new DockerProvider(connection).SettleInterruptedDeleteAsync(
            new DeleteRequest(container.Urn, container.Type, container.Id!, container.Inputs, container.Outputs), CancellationToken.None);

        Assert.Equal("false", await ContainerTests.Inspect(name, "{{.State.Running}}"));
        Assert.Equal("0", await ContainerTests.Inspect(name, "{{.State.ExitCode}}"));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {limit}");
            await Task.Delay(100);
        }
    }
}
