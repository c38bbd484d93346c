using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

public sealed class ImageTests : ServicesTest
{
    [Fact]
    public async Task Image_is_built_from_a_context_directory_rebuilt_when_it_changes_and_deleted()
    {
        await using var stack = new TestStack("img");
        var context = Directory.CreateTempSubdirectory("infra-test-ctx-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), $"FROM {TestServices.Image}\nCOPY greeting /greeting\n");
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "greeting"), "hello v1\n");
            var tag = $"{stack.Prefix}/app:1";
            void Program(StackRoot root) => _ = new Image("app", new ImageArgs
            {
                Name = tag, KeepLocally = false, Build = new ImageBuild { Context = context.FullName },
            }, root);
            await stack.UpAsync(Program);
            var first = stack.Snapshot.Of("app").Outputs["imageId"]!.GetValue<string>();
            Assert.Equal(first, await TestServices.DockerAsync("image", "inspect", tag, "--format", "{{.Id}}"));
            Assert.Equal(stack.Urn(ImageKind.TypeToken, "app"), await TestServices.DockerAsync("image", "inspect", tag, "--format", "{{index .Config.Labels \"org.infra.urn\"}}"));
            await stack.AssertNoDriftAsync(Program);

            await File.WriteAllTextAsync(Path.Combine(context.FullName, "greeting"), "hello v2\n");
            Assert.Equal(StepOp.Replace, (await stack.PreviewAsync(Program)).Of("app").Op);
            await stack.UpAsync(Program);
            var second = stack.Snapshot.Of("app").Outputs["imageId"]!.GetValue<string>();
            Assert.NotEqual(first, second);
            Assert.False((await TestServices.TryDockerAsync("image", "inspect", first)).Succeeded);

            Assert.True((await stack.DestroyAsync()).Succeeded);
            Assert.False((await TestServices.TryDockerAsync("image", "inspect", tag)).Succeeded);
        }
        finally { context.Delete(true); }
    }

    [Fact]
    public async Task Image_already_on_the_host_needs_no_registry()
    {
        await using var stack = new TestStack("img");
        void Program(StackRoot root) => _ = new Image("busybox", new ImageArgs { Name = TestServices.Image }, root);
        await stack.UpAsync(Program);
        Assert.Equal(await TestServices.DockerAsync("image", "inspect", TestServices.Image, "--format", "{{.Id}}"),
            stack.Snapshot.Of("busybox").Outputs["imageId"]!.GetValue<string>());
        await stack.AssertNoDriftAsync(Program);
        Assert.True((await stack.DestroyAsync()).Succeeded);
        await TestServices.DockerAsync("image", "inspect", TestServices.Image); // kept locally by default
    }

    [Fact]
    public async Task Image_that_cannot_be_pulled_fails_naming_the_image_and_the_registry_answer()
    {
        await using var stack = new TestStack("img");
        const string missing = "registry.invalid/infra-test/missing:1";
        var (_, result) = await stack.TryUpAsync(root => _ = new Image("missing", new ImageArgs { Name = missing }, root));
        var message = TestStack.Failures(result);
        Assert.Contains($"pulling image '{missing}' failed: ", message);
        Assert.Matches("failed: .*(registry\\.invalid|lookup|dial|no such host|denied|not found)", message);
        // The daemon's own error, from a daemon that still answers: the image's failure, not the host's.
        Assert.All(result.Failures, f => Assert.False(f.Error is DockerHostException, f.Error.Message));
    }

    [Fact]
    public async Task Image_absent_with_pull_never_is_an_error()
    {
        await using var stack = new TestStack("img");
        var name = $"{stack.Prefix}/absent:1";
        var (_, result) = await stack.TryUpAsync(root => _ = new Image("absent", new ImageArgs { Name = name, Pull = ImagePull.Never }, root));
        Assert.Contains($"image '{name}' is not on the host and pull is 'never'", TestStack.Failures(result));
    }
}
