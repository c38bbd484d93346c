using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

/// <summary>Each kind of change made behind infra's back: refresh reports it, up repairs it, and then nothing is left to do.</summary>
public sealed class ContainerDriftTests : ServicesTest
{
    private static void Program(StackRoot root, TestStack stack, int port, string? extraNetwork = null)
    {
        var net = new Network("net", new NetworkArgs { Name = stack.Name("net") }, root);
        if (extraNetwork is not null) _ = new Network("extra", new NetworkArgs { Name = extraNetwork }, root);
        var data = new Volume("data", new VolumeArgs { Name = stack.Name("data") }, root, new ResourceOptions { RetainOnDelete = false });
        _ = new Container("app", new ContainerArgs
        {
            Name = stack.Name("app"),
            Image = TestServices.Image,
            Command = ["sleep", "600"],
            Env = new Dictionary<string, Input<string>> { ["MODE"] = "prod", ["TOKEN"] = Input<string>.Secret("drift-secret") },
            Ports = [new ContainerPort { Internal = 7000, External = port }],
            Networks = [new ContainerNetwork { Name = net.NetworkName, Aliases = ["app-alias"] }],
            Mounts = [new ContainerMount { Source = data.VolumeName, Target = "/data" }],
            Init = true,
            StopGraceSeconds = 1,
        }, root);
    }

    private static async Task<(TestStack Stack, Action<StackRoot> Program)> DeployAsync(string? extraNetwork = null)
    {
        var stack = new TestStack("drift");
        var port = ContainerTests.FreePort();
        void P(StackRoot root) => Program(root, stack, port, extraNetwork is null ? null : stack.Name(extraNetwork));
        await stack.UpAsync(P);
        return (stack, P);
    }

    private static async Task<Plan> RefreshExpectingAsync(TestStack stack, string key)
    {
        var refresh = await stack.RefreshAsync();
        var step = refresh.Of("app");
        Assert.True(step.Op == StepOp.Update, "expected drift on the container:\n" + PlanText.Render(refresh, diff: true));
        Assert.Contains(key, step.Changes.Select(c => c.TopLevelKey));
        return refresh;
    }

    [Fact]
    public async Task Stopped_container_is_started_again_in_place()
    {
        var (stack, program) = await DeployAsync();
        await using var _ = stack;
        var id = stack.Snapshot.Of("app").Id;
        await TestServices.DockerAsync("stop", "-t", "1", stack.Name("app"));
        await RefreshExpectingAsync(stack, "running");
        var plan = await stack.UpAsync(program);
        Assert.Equal(StepOp.Update, plan.Of("app").Op);
        Assert.Equal(id, stack.Snapshot.Of("app").Id);
        Assert.Equal("true", await ContainerTests.Inspect(stack.Name("app"), "{{.State.Running}}"));
        await stack.AssertNoDriftAsync(program);
    }

    [Fact]
    public async Task Container_removed_from_its_network_is_reconnected_with_its_aliases()
    {
        var (stack, program) = await DeployAsync();
        await using var _ = stack;
        await TestServices.DockerAsync("network", "disconnect", stack.Name("net"), stack.Name("app"));
        await RefreshExpectingAsync(stack, "networks");
        Assert.Equal(StepOp.Update, (await stack.UpAsync(program)).Of("app").Op);
        Assert.Contains("app-alias", await ContainerTests.Inspect(stack.Name("app"), $"{{{{json (index .NetworkSettings.Networks \"{stack.Name("net")}\").Aliases}}}}"));
        await stack.AssertNoDriftAsync(program);
    }

    [Fact]
    public async Task Container_added_to_another_network_is_disconnected_from_it()
    {
        var (stack, program) = await DeployAsync(extraNetwork: "extra");
        await using var _ = stack;
        await TestServices.DockerAsync("network", "connect", "--alias", "sneaky", stack.Name("extra"), stack.Name("app"));
        await RefreshExpectingAsync(stack, "networks");
        Assert.Equal(StepOp.Update, (await stack.UpAsync(program)).Of("app").Op);
        Assert.DoesNotContain(stack.Name("extra"), await ContainerTests.Inspect(stack.Name("app"), "{{json .NetworkSettings.Networks}}"));
        await stack.AssertNoDriftAsync(program);
    }

    [Fact]
    public async Task Container_recreated_by_hand_with_other_image_env_ports_and_mounts_is_replaced()
    {
        var (stack, program) = await DeployAsync();
        await using var _ = stack;
        var name = stack.Name("app");
        var urn = stack.Urn(ContainerKind.TypeToken, "app");
        await TestServices.DockerAsync("tag", TestServices.Image, $"{stack.Prefix}/other:1");
        await TestServices.DockerAsync("rm", "-f", name);
        await TestServices.DockerAsync("run", "-d", "--init", "--name", name, "--label", $"{InfraLabels.Urn}={urn}", "--label", $"{InfraLabels.Stack}={stack.Stack}",
            "--network", stack.Name("net"), "--network-alias", "app-alias", "-e", "MODE=debug", "-e", "TOKEN=drift-secret",
            "-p", $"127.0.0.1:{ContainerTests.FreePort()}:7000", "--mount", $"type=volume,source={stack.Name("data")}-other,target=/data",
            $"{stack.Prefix}/other:1", "sleep", "600");

        var refresh = await RefreshExpectingAsync(stack, "env");
        var changed = refresh.Of("app").Changes.Select(c => c.TopLevelKey).ToHashSet();
        Assert.Superset(new HashSet<string> { "image", "env", "ports", "mounts" }, changed);
        Assert.DoesNotContain("drift-secret", PlanText.Render(refresh, diff: true));

        Assert.Equal(StepOp.Replace, (await stack.UpAsync(program)).Of("app").Op);
        Assert.Contains("MODE=prod", await ContainerTests.Inspect(name, "{{json .Config.Env}}"));
        await stack.AssertNoDriftAsync(program);
        await TestServices.TryDockerAsync("volume", "rm", $"{stack.Name("data")}-other");
        await TestServices.TryDockerAsync("rmi", $"{stack.Prefix}/other:1");
    }

    [Fact]
    public async Task Container_deleted_outside_is_recreated()
    {
        var (stack, program) = await DeployAsync();
        await using var _ = stack;
        await TestServices.DockerAsync("rm", "-f", stack.Name("app"));
        Assert.Equal(StepOp.Delete, (await stack.RefreshAsync()).Of("app").Op);
        Assert.Equal(StepOp.Create, (await stack.UpAsync(program)).Of("app").Op);
        Assert.Equal("true", await ContainerTests.Inspect(stack.Name("app"), "{{.State.Running}}"));
        await stack.AssertNoDriftAsync(program);
    }
}
