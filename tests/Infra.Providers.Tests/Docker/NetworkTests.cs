using NetworksCreateParameters = Docker.DotNet.Models.NetworksCreateParameters;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

public sealed class NetworkTests : ServicesTest
{
    [Fact]
    public async Task Network_is_created_read_replaced_and_deleted()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("a");
        void V1(StackRoot root) => _ = new Network("a", new NetworkArgs
        {
            Name = name, Internal = true, Subnets = ["10.231.151.0/24"], Labels = new Dictionary<string, Input<string>> { ["tier"] = "data" },
        }, root);
        await stack.UpAsync(V1);

        var inspect = await TestServices.DockerAsync("network", "inspect", name, "--format",
            "{{.Internal}} {{range .IPAM.Config}}{{.Subnet}}{{end}} {{index .Labels \"tier\"}} {{index .Labels \"org.infra.urn\"}} {{index .Labels \"org.infra.project\"}} {{index .Labels \"org.infra.stack\"}}");
        Assert.Equal($"true 10.231.151.0/24 data {stack.Urn(NetworkKind.TypeToken, "a")} proj {stack.Stack}", inspect);
        Assert.StartsWith("sha256:", await TestServices.DockerAsync("network", "inspect", name, "--format", "{{index .Labels \"org.infra.spec-hash\"}}"));
        await stack.AssertNoDriftAsync(V1);

        void V2(StackRoot root) => _ = new Network("a", new NetworkArgs { Name = name, Internal = false }, root);
        var plan = await stack.UpAsync(V2);
        Assert.Equal(StepOp.Replace, plan.Of("a").Op);
        Assert.Equal("false", await TestServices.DockerAsync("network", "inspect", name, "--format", "{{.Internal}}"));
        await stack.AssertNoDriftAsync(V2);

        Assert.True((await stack.DestroyAsync()).Succeeded);
        Assert.False((await TestServices.TryDockerAsync("network", "inspect", name)).Succeeded);
    }

    [Fact]
    public async Task Destroying_a_network_a_foreign_container_is_still_attached_to_fails_naming_that_container()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("busy");
        var foreign = stack.Name("foreign");
        await stack.UpAsync(root => _ = new Network("busy", new NetworkArgs { Name = name }, root));
        await TestServices.DockerAsync("run", "-d", "--name", foreign, "--network", name, TestServices.Image, "sleep", "600");
        try
        {
            var destroy = await stack.DestroyAsync();

            Assert.False(destroy.Succeeded);
            var message = TestStack.Failures(destroy);
            Assert.Contains($"deleting network '{name}': containers this stack does not manage are still attached to it: {foreign}", message);
            Assert.True((await TestServices.TryDockerAsync("network", "inspect", name)).Succeeded);
        }
        finally { await TestServices.TryDockerAsync("rm", "-f", foreign); }
        Assert.True((await stack.DestroyAsync()).Succeeded);
    }

    [Fact]
    public async Task Network_deleted_outside_is_seen_by_refresh_and_recreated_by_up()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("gone");
        void Program(StackRoot root) => _ = new Network("gone", new NetworkArgs { Name = name }, root);
        await stack.UpAsync(Program);
        await TestServices.DockerAsync("network", "rm", name);

        var refresh = await stack.RefreshAsync();
        Assert.Equal(StepOp.Delete, refresh.Of("gone").Op);
        var plan = await stack.UpAsync(Program);
        Assert.Equal(StepOp.Create, plan.Of("gone").Op);
        await TestServices.DockerAsync("network", "inspect", name);
    }

    [Fact]
    public async Task Network_name_taken_by_a_foreign_network_is_an_error_and_left_alone()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("taken");
        var foreign = await TestServices.DockerAsync("network", "create", "--label", $"{InfraLabels.Stack}={stack.Stack}", name);
        var (_, result) = await stack.TryUpAsync(root => _ = new Network("taken", new NetworkArgs { Name = name }, root));
        Assert.False(result.Succeeded);
        Assert.Contains($"network name '{name}' is already taken", TestStack.Failures(result));
        Assert.StartsWith(await TestServices.DockerAsync("network", "inspect", name, "--format", "{{.Id}}"), foreign);
    }

    [Fact]
    public async Task Network_left_by_an_interrupted_run_is_adopted()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("left");
        var id = await TestServices.DockerAsync("network", "create", "--label", $"{InfraLabels.Urn}={stack.Urn(NetworkKind.TypeToken, "left")}",
            "--label", $"{InfraLabels.Stack}={stack.Stack}", name);
        void Program(StackRoot root) => _ = new Network("left", new NetworkArgs { Name = name }, root);
        await stack.UpAsync(Program);
        Assert.Equal(id, stack.Snapshot.Of("left").Id);
        await stack.AssertNoDriftAsync(Program);
    }

    [Fact]
    public async Task Two_networks_of_one_name_left_by_interrupted_runs_become_one_the_oldest()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("twice");
        // Through the API: the docker CLI asks the daemon to refuse a second network of a name, the daemon alone does not.
        using var client = DockerClients.Create(new Uri("unix:///var/run/docker.sock"), null, null);
        var owned = new Dictionary<string, string> { [InfraLabels.Urn] = stack.Urn(NetworkKind.TypeToken, "twice"), [InfraLabels.Stack] = stack.Stack };
        var first = (await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Labels = owned })).ID;
        var second = (await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Labels = owned })).ID;
        Assert.NotEqual(first, second);
        void Program(StackRoot root) => _ = new Network("twice", new NetworkArgs { Name = name }, root);

        await stack.UpAsync(Program);

        Assert.Equal(first, stack.Snapshot.Of("twice").Id);
        Assert.Equal(first, await TestServices.DockerAsync("network", "ls", "--no-trunc", "--filter", $"name=^{name}$", "--format", "{{.ID}}"));
        await stack.AssertNoDriftAsync(Program);
    }

    [Fact]
    public async Task A_second_network_of_the_name_landing_after_the_network_was_made_breaks_no_container_and_no_destroy()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("late");
        void NetworkOnly(StackRoot root) => _ = new Network("late", new NetworkArgs { Name = name }, root);
        void WithContainers(StackRoot root)
        {
            var net = new Network("late", new NetworkArgs { Name = name }, root);
            foreach (var c in new[] { "one", "two" })
                _ = new Container(c, new ContainerArgs
                {
                    Name = stack.Name(c), Image = TestServices.Image, Command = ["sleep", "600"], Init = true,
                    Networks = [new ContainerNetwork { Name = net.NetworkName, Aliases = [c] }, new ContainerNetwork { Name = "bridge" }],
                }, root);
        }
        await stack.UpAsync(NetworkOnly);
        var recorded = stack.Snapshot.Of("late").Id;
        // What a killed run's create that dockerd had queued does: it lands later, under the same name and owner.
        using var client = DockerClients.Create(new Uri("unix:///var/run/docker.sock"), null, null);
        var owned = new Dictionary<string, string> { [InfraLabels.Urn] = stack.Urn(NetworkKind.TypeToken, "late"), [InfraLabels.Stack] = stack.Stack };
        var late = (await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Labels = owned })).ID;

        await stack.UpAsync(WithContainers);

        Task<string> NetworksOf(string c) => TestServices.DockerAsync("inspect", stack.Name(c), "--format",
            "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.NetworkID}} {{end}}");
        foreach (var c in new[] { "one", "two" })
            Assert.Equal($"bridge={await TestServices.DockerAsync("network", "inspect", "bridge", "--format", "{{.ID}}")} {name}={recorded}", (await NetworksOf(c)).Trim());
        Assert.False((await TestServices.TryDockerAsync("network", "inspect", late)).Succeeded);
        await stack.AssertNoDriftAsync(WithContainers);

        // Landing once the containers run, it is harmless to them (attached by id) and goes with the destroy.
        late = (await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Labels = owned })).ID;
        await TestServices.DockerAsync("restart", "-t", "0", stack.Name("one"));
        Assert.Equal("true", await TestServices.DockerAsync("inspect", stack.Name("one"), "--format", "{{.State.Running}}"));
        Assert.True((await stack.DestroyAsync()).Succeeded);
        Assert.Equal("", await TestServices.DockerAsync("network", "ls", "-q", "--filter", $"name=^{name}$"));
    }

    [Fact]
    public async Task A_second_network_of_the_name_landing_during_the_run_is_removed_when_the_run_finishes_and_after_a_delete_none_stays()
    {
        await using var stack = new TestStack("net");
        var name = stack.Name("finish");
        var urn = stack.Urn(NetworkKind.TypeToken, "finish");
        await using var connection = new DockerConnection(new DockerHostOptions(DockerHostOptions.DefaultHost));
        var provider = new DockerProvider(connection);
        var inputs = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["driver"] = "bridge" };
        using var client = DockerClients.Create(new Uri(DockerHostOptions.DefaultHost), null, null);
        var owned = new Dictionary<string, string> { [InfraLabels.Urn] = urn, [InfraLabels.Stack] = stack.Stack };
        async Task<string> LandLateAsync() => (await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Labels = owned })).ID;
        async Task<string[]> NamedAsync() => (await TestServices.DockerAsync("network", "ls", "-q", "--no-trunc", "--filter", $"name=^{name}$"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var made = await provider.CreateAsync(new Infra.Engine.Providers.CreateRequest(urn, NetworkKind.TypeToken, inputs, null), CancellationToken.None);
        var late = await LandLateAsync();
        Assert.Equal(2, (await NamedAsync()).Length);
        await provider.FinishRunAsync(CancellationToken.None);
        Assert.Equal([made.Id], await NamedAsync());

        var deleting = new DockerProvider(connection);
        await deleting.DeleteAsync(new Infra.Engine.Providers.DeleteRequest(urn, NetworkKind.TypeToken, made.Id, inputs, []), CancellationToken.None);
        late = await LandLateAsync();
        await deleting.FinishRunAsync(CancellationToken.None);
        Assert.Empty(await NamedAsync());
        Assert.False((await TestServices.TryDockerAsync("network", "inspect", late)).Succeeded);
    }
}
