using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

/// <summary>What a refresh costs the Docker host: one inspect per container, and a constant number of other calls.</summary>
public sealed class RefreshCallTests : ServicesTest
{
    private const int Containers = 5;

    [Fact]
    public async Task Refreshing_containers_inspects_each_once_and_lists_nothing_per_container()
    {
        await using var stack = new TestStack("refreshcalls");
        void Program(StackRoot root)
        {
            var net = new Network("net", new NetworkArgs { Name = stack.Name("net") }, root);
            for (var i = 0; i < Containers; i++)
                _ = new Container($"c{i}", new ContainerArgs
                {
                    Name = stack.Name($"c{i}"), Image = TestServices.Image, Command = ["sleep", "600"],
                    Networks = [new ContainerNetwork { Name = net.NetworkName }], StopGraceSeconds = 1,
                }, root);
        }
        await stack.UpAsync(Program);

        await using var connection = new DockerConnection(stack.Host);
        var refresh = await stack.RefreshAsync(connection);

        Assert.False(refresh.HasChanges, PlanText.Render(refresh, diff: true));
        var calls = connection.ApiCalls.Snapshot();
        var shown = string.Join(", ", calls.Select(c => $"{c.Key} ×{c.Value}"));
        Assert.True(calls.GetValueOrDefault("GET /containers/{}/json") == Containers, shown);
        Assert.True(calls.GetValueOrDefault("GET /containers/json") <= 1, shown);
        // The rest: the version negotiation and the network's inspect, whatever the number of containers.
        Assert.True(connection.ApiCalls.Total - Containers <= 3, shown);
    }
}
