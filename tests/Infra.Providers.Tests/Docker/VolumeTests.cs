using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

public sealed class VolumeTests : ServicesTest
{
    [Fact]
    public async Task Volume_is_created_read_and_kept_on_destroy_by_default()
    {
        await using var stack = new TestStack("vol");
        var name = stack.Name("data");
        void Program(StackRoot root) => _ = new Volume("data", new VolumeArgs
        {
            Name = name,
            DriverOpts = new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" },
            Labels = new Dictionary<string, Input<string>> { ["kind"] = "cache", ["token"] = Input<string>.Secret("volume-label-secret") },
        }, root);
        await stack.UpAsync(Program);

        Assert.Equal("tmpfs size=1m cache", await TestServices.DockerAsync("volume", "inspect", name, "--format", "{{.Options.type}} {{.Options.o}} {{.Labels.kind}}"));
        var labels = await TestServices.DockerAsync("volume", "inspect", name, "--format", "{{json .Labels}}");
        Assert.DoesNotContain("volume-label-secret", labels);
        Assert.Contains(InfraLabels.Hash("volume-label-secret"), labels);
        Assert.True(stack.Snapshot.Of("data").RetainOnDelete);
        await stack.AssertNoDriftAsync(Program);

        Assert.True((await stack.DestroyAsync()).Succeeded);
        await TestServices.DockerAsync("volume", "inspect", name); // still there: data is never deleted unless asked
    }

    [Fact]
    public async Task Volume_with_retain_off_is_deleted_and_a_deleted_volume_is_recreated()
    {
        await using var stack = new TestStack("vol");
        var name = stack.Name("scratch");
        void Program(StackRoot root) => _ = new Volume("scratch", new VolumeArgs { Name = name }, root, new ResourceOptions { RetainOnDelete = false });
        await stack.UpAsync(Program);
        await TestServices.DockerAsync("volume", "rm", name);
        Assert.Equal(StepOp.Delete, (await stack.RefreshAsync()).Of("scratch").Op);
        Assert.Equal(StepOp.Create, (await stack.UpAsync(Program)).Of("scratch").Op);

        Assert.True((await stack.DestroyAsync()).Succeeded);
        Assert.False((await TestServices.TryDockerAsync("volume", "inspect", name)).Succeeded);
    }

    [Fact]
    public async Task Volume_name_taken_by_a_foreign_volume_is_an_error()
    {
        await using var stack = new TestStack("vol");
        var name = stack.Name("taken");
        await TestServices.DockerAsync("volume", "create", "--label", $"{InfraLabels.Stack}={stack.Stack}", name);
        var (_, result) = await stack.TryUpAsync(root => _ = new Volume("taken", new VolumeArgs { Name = name }, root));
        Assert.Contains($"volume name '{name}' is already taken", TestStack.Failures(result));
    }
}
