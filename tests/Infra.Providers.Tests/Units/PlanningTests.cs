using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Units;

/// <summary>Check and Diff never reach Docker: planning works with an unreachable host and an empty state.</summary>
public sealed class PlanningTests
{
    [Fact]
    public async Task Preview_of_a_new_stack_needs_no_docker_host()
    {
        await using var stack = new TestStack("plan");
        var plan = await stack.PreviewAsync(root =>
        {
            var preflight = new HostPreflight("preflight", new HostPreflightArgs { Ports = [8080] }, root);
            var net = new Network("net", new NetworkArgs(), root);
            var data = new Volume("data", new VolumeArgs(), root);
            var image = new Image("img", new ImageArgs { Name = "example/app:1" }, root);
            _ = new Container("app", new ContainerArgs
            {
                Image = image.ImageId,
                Networks = [new ContainerNetwork { Name = net.NetworkName }],
                Mounts = [new ContainerMount { Source = data.VolumeName, Target = "/data" }],
                Ports = [new ContainerPort { Internal = 80, External = 8080 }],
            }, root, preflight.Guard());
        });
        Assert.Equal(StepOp.Create, plan.Of("app").Op);
        var app = plan.Of("app").Inputs!;
        Assert.Equal("app", app["name"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", app["ports"]![0]!["hostIp"]!.GetValue<string>());
        Assert.Equal("net", app["networks"]![0]!["name"]!.GetValue<string>());
        Assert.True(plan.Of("data").Desired!.RetainOnDelete);
    }

    [Fact]
    public async Task Invalid_container_inputs_fail_the_plan_one_line_each()
    {
        await using var stack = new TestStack("plan");
        var error = await Assert.ThrowsAsync<PlanException>(() => stack.PreviewAsync(root => _ = new Container("bad", new ContainerArgs
        {
            Name = "bad name",
            Image = "x",
            Ports = [new ContainerPort { Internal = 70000, Protocol = "sctp" }],
            Restart = "sometimes",
            WaitHealthy = true,
            Files = [new ContainerFile { Path = "relative.txt", Content = "x", Mode = "999" }],
            Mounts = [new ContainerMount { Target = "/data" }],
        }, root)));
        foreach (var expected in new[]
                 {
                     "container name 'bad name' is not a valid Docker name", "port 70000 is not between 1 and 65535",
                     "protocol must be tcp or udp", "restart must be one of", "waitHealthy needs a healthcheck",
                     "file path 'relative.txt' must be an absolute file path", "mode '999' is not octal", "a volume mount needs a source",
                 })
            Assert.Contains(expected, error.Message);
    }
}
