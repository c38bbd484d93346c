using System.Net;
using System.Net.Sockets;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Tests.Docker;
using Infra.Providers.Tests.Fixtures;
using Infra.Providers.Tests.Ssh;

namespace Infra.Providers.Tests.Command;

[Collection(SshCollection.Name)]
public sealed class CommandTests : ServicesTest, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("infra-test-cmd-");

    public void Dispose() => _dir.Delete(true);

    private string Log => Path.Combine(_dir.FullName, "log");

    [Fact]
    public async Task Local_command_runs_create_update_and_delete_and_triggers_rerun_it()
    {
        await using var stack = new TestStack("cmd");
        void Program(StackRoot root, string greeting, string trigger) => _ = new Local("greet", new CommandArgs
        {
            Create = $"echo create $GREETING >> {Log}; echo hello-$GREETING",
            Update = $"echo update $GREETING >> {Log}; echo updated-$GREETING",
            Delete = $"echo delete >> {Log}",
            Environment = new Dictionary<string, Input<string>> { ["GREETING"] = greeting },
            Triggers = [trigger],
        }, root);

        await stack.UpAsync(r => Program(r, "one", "t1"));
        Assert.Equal("hello-one", stack.Snapshot.Of("greet").Outputs["stdout"]!.GetValue<string>());
        Assert.Equal(StepOp.Update, (await stack.UpAsync(r => Program(r, "two", "t1"))).Of("greet").Op);
        Assert.Equal("updated-two", stack.Snapshot.Of("greet").Outputs["stdout"]!.GetValue<string>());
        Assert.Equal(StepOp.Replace, (await stack.UpAsync(r => Program(r, "two", "t2"))).Of("greet").Op);
        Assert.True((await stack.DestroyAsync()).Succeeded);
        Assert.Equal(["create one", "update two", "create two", "delete", "delete"], await File.ReadAllLinesAsync(Log));
    }

    [Fact]
    public async Task Secret_input_makes_outputs_secret_and_is_masked_in_errors()
    {
        await using var stack = new TestStack("cmd");
        await stack.UpAsync(root => _ = new Local("ok", new CommandArgs
        {
            Create = "echo token=$TOKEN",
            Environment = new Dictionary<string, Input<string>> { ["TOKEN"] = Input<string>.Secret("tok-123456") },
        }, root));
        var stdout = stack.Snapshot.Of("ok").Outputs["stdout"];
        Assert.True(Secret.IsSecret(stdout));
        Assert.Equal("token=tok-123456", Secret.Reveal(stdout)!.GetValue<string>());

        var (_, result) = await stack.TryUpAsync(root => _ = new Local("bad", new CommandArgs
        {
            Create = "echo \"cannot use $TOKEN\" >&2; exit 3",
            Environment = new Dictionary<string, Input<string>> { ["TOKEN"] = Input<string>.Secret("tok-654321") },
        }, root));
        var message = TestStack.Failures(result);
        Assert.Contains("exited with code 3: cannot use [secret]", message);
        Assert.DoesNotContain("tok-654321", message);
    }

    [Fact]
    public async Task Remote_command_runs_on_the_docker_host_locally_or_over_ssh()
    {
        await using var local = new TestStack("cmd");
        await local.UpAsync(root => _ = new Remote("who", new CommandArgs { Create = "echo $(id -un)@$(pwd)", Dir = "/tmp" }, root));
        Assert.Equal("root@/tmp", local.Snapshot.Of("who").Outputs["stdout"]!.GetValue<string>());

        // As a user who may log in but not use Docker: remote commands need only the SSH connection.
        await using var remote = new TestStack("cmd", new DockerHostOptions(TestServices.SshUrl(TestServices.NoDockerUser), SshOpts: TestServices.SshOpts()));
        await remote.UpAsync(root => _ = new Remote("who", new CommandArgs
        {
            Create = "read line; echo \"$(id -un) $GREETING [$line]\"",
            Environment = new Dictionary<string, Input<string>> { ["GREETING"] = "it's \"quoted\" $HOME" },
        }, root));
        Assert.Equal($"{TestServices.NoDockerUser} it's \"quoted\" $HOME []", remote.Snapshot.Of("who").Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Host_preflight_names_a_busy_port_and_accepts_ports_held_by_this_stack()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port;
        await using var stack = new TestStack("pre");
        var (_, failed) = await stack.TryUpAsync(root => _ = new HostPreflight("pre", new HostPreflightArgs { Ports = [busyPort], MinFreeDiskMb = 1 }, root));
        Assert.Contains($"host port {busyPort} already in use on {DockerHostOptions.DefaultHost}", TestStack.Failures(failed));

        var (_, tooBig) = await stack.TryUpAsync(root => _ = new HostPreflight("disk", new HostPreflightArgs { MinFreeDiskMb = long.MaxValue / 4096 }, root));
        Assert.Contains("MiB free for Docker data", TestStack.Failures(tooBig));

        var port = ContainerTests.FreePort();
        void Program(StackRoot root, int[] ports)
        {
            var preflight = new HostPreflight("pre", new HostPreflightArgs { Ports = ports, MinFreeDiskMb = 1, MinDockerVersion = "20.10" }, root);
            _ = new Container("web", new ContainerArgs
            {
                Name = stack.Name("web"), Image = TestServices.Image, Command = ["sleep", "600"], Init = true, StopGraceSeconds = 1,
                Ports = [new ContainerPort { Internal = 80, External = port }],
            }, root, preflight.Guard());
        }
        stack.Snapshot = Infra.Engine.State.StackSnapshot.Empty;
        await stack.UpAsync(r => Program(r, [port]));
        Assert.StartsWith("20.", stack.Snapshot.Of("pre").Outputs["dockerVersion"]!.GetValue<string>());
        // The port is now held by the stack's own container: re-running the checks still passes.
        var other = ContainerTests.FreePort();
        Assert.Equal(StepOp.Update, (await stack.UpAsync(r => Program(r, [port, other]))).Of("pre").Op);
    }
}
