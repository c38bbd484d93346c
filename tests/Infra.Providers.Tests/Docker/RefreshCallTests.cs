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

    [Fact]
    public async Task Networks_volumes_and_images_are_read_with_one_listing_per_kind_and_one_removed_by_hand_is_still_seen_gone()
    {
        await using var stack = new TestStack("listedreads");
        var secondTag = $"{stack.Prefix}/second:1";
        await TestServices.DockerAsync("tag", TestServices.Image, secondTag);
        try
        {
            void Program(StackRoot root)
            {
                for (var i = 0; i < 3; i++)
                {
                    _ = new Network($"n{i}", new NetworkArgs { Name = stack.Name($"n{i}") }, root);
                    _ = new Volume($"v{i}", new VolumeArgs { Name = stack.Name($"v{i}") }, root, new ResourceOptions { RetainOnDelete = false });
                }
                _ = new Image("first", new ImageArgs { Name = TestServices.Image }, root);
                _ = new Image("second", new ImageArgs { Name = secondTag }, root);
            }
            await stack.UpAsync(Program);

            await using (var connection = new DockerConnection(stack.Host))
            {
                var refresh = await stack.RefreshAsync(connection);
                Assert.False(refresh.HasChanges, PlanText.Render(refresh, diff: true));
                var calls = connection.ApiCalls.Snapshot();
                var shown = string.Join(", ", calls.Select(c => $"{c.Key} ×{c.Value}"));
                Assert.True(calls.GetValueOrDefault("GET /networks") == 1 && calls.GetValueOrDefault("GET /networks/{}") == 0, shown);
                Assert.True(calls.GetValueOrDefault("GET /volumes") == 1 && calls.GetValueOrDefault("GET /volumes/{}") == 0, shown);
                Assert.True(calls.GetValueOrDefault("GET /images/json") == 1 && calls.GetValueOrDefault("GET /images/{}/json") == 0, shown);
            }
            Assert.Equal(await TestServices.DockerAsync("image", "inspect", secondTag, "--format", "{{.Id}}"),
                stack.Snapshot.Of("second").Outputs["imageId"]!.GetValue<string>());

            await TestServices.DockerAsync("network", "rm", stack.Name("n1"));
            await TestServices.DockerAsync("volume", "rm", stack.Name("v1"));
            var drift = await stack.RefreshAsync();
            Assert.Equal(StepOp.Delete, drift.Of("n1").Op);
            Assert.Equal(StepOp.Delete, drift.Of("v1").Op);
            Assert.All(["n0", "n2", "v0", "v2", "first", "second"], name => Assert.Equal(StepOp.Same, drift.Of(name).Op));
        }
        finally { await TestServices.TryDockerAsync("rmi", secondTag); }
    }
}
