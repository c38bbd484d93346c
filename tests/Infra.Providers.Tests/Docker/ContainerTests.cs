using System.Net;
using System.Net.Sockets;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Docker;
using Infra.Providers.Random;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Docker;

public sealed class ContainerTests : ServicesTest
{
    [Fact]
    public async Task Container_with_every_input_is_created_read_updated_in_place_and_deleted()
    {
        await using var stack = new TestStack("ctr");
        var bind = Directory.CreateTempSubdirectory("infra-test-bind-");
        await File.WriteAllTextAsync(Path.Combine(bind.FullName, "host.txt"), "from host");
        var port = FreePort();
        var name = stack.Name("web");
        try
        {
            void V1(StackRoot root) => Declare(root, stack, name, bind.FullName, port, second: true);
            await stack.UpAsync(V1);
            var id = stack.Snapshot.Of("web").Id!;

            using (var http = new HttpClient())
                Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
            Assert.Equal("127.0.0.1", await Inspect(name, "{{(index (index .HostConfig.PortBindings \"8080/tcp\") 0).HostIp}}"));
            Assert.Equal("1000:1000 640 hello", await Exec(name, "sh", "-c", "stat -c '%u:%g %a' /var/www/index.html | tr -d '\\n'; printf ' '; cat /var/www/index.html"));
            Assert.Equal("0:0 600 s3cr3t-file", await Exec(name, "sh", "-c", "stat -c '%u:%g %a' /etc/app/secret.conf | tr -d '\\n'; printf ' '; cat /etc/app/secret.conf"));
            Assert.Equal("from host", await Exec(name, "cat", "/mnt/host/host.txt"));
            Assert.NotEqual(0, (await TestServices.TryDockerAsync("exec", name, "touch", "/mnt/host/x")).ExitCode);
            Assert.Equal("1000:1000", await Inspect(name, "{{.Config.User}}"));
            Assert.Equal("unless-stopped 67108864 500000000 [NET_RAW] true web",
                await Inspect(name, "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.CapDrop}} {{.HostConfig.Init}} {{.Config.Labels.app}}"));
            Assert.Contains("web-front", await Inspect(name, $"{{{{json (index .NetworkSettings.Networks \"{stack.Name("front")}\").Aliases}}}}"));
            Assert.Contains("api", await Inspect(name, $"{{{{json (index .NetworkSettings.Networks \"{stack.Name("back")}\").Aliases}}}}"));
            // up went on once the health command passed through exec; Docker's own check says so on its next round.
            Assert.Equal("healthy", await DockerHealthDecidedAsync(name));
            var labels = await Inspect(name, "{{json .Config.Labels}}");
            Assert.DoesNotContain("label-secret", labels);
            Assert.Contains(stack.Urn(ContainerKind.TypeToken, "web"), labels);
            await stack.AssertNoDriftAsync(V1);

            void V2(StackRoot root) => Declare(root, stack, name, bind.FullName, port, second: false, memory: 96 * 1024 * 1024, restart: "always");
            var plan = await stack.UpAsync(V2);
            Assert.Equal(StepOp.Update, plan.Of("web").Op);
            Assert.Equal(id, stack.Snapshot.Of("web").Id);
            Assert.Equal("always 100663296", await Inspect(name, "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}}"));
            var networks = await Inspect(name, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{join $v.Aliases \",\"}} {{end}}");
            Assert.DoesNotContain(stack.Name("back"), networks);
            Assert.Contains($"{stack.Name("third")}=third-alias", networks);
            Assert.Contains("www", networks);
            await stack.AssertNoDriftAsync(V2);

            Assert.True((await stack.DestroyAsync()).Succeeded);
            Assert.False((await TestServices.TryDockerAsync("container", "inspect", name)).Succeeded);
            Assert.False((await TestServices.TryDockerAsync("volume", "inspect", stack.Name("data"))).Succeeded);
        }
        finally { bind.Delete(true); }
    }

    private static void Declare(StackRoot root, TestStack stack, string name, string bindDir, int port, bool second, long memory = 64 * 1024 * 1024, string restart = "unless-stopped")
    {
        var front = new Network("front", new NetworkArgs { Name = stack.Name("front") }, root);
        var networks = new List<ContainerNetwork> { new() { Name = front.NetworkName, Aliases = second ? ["web-front"] : ["web-front", "www"] } };
        if (second)
        {
            var back = new Network("back", new NetworkArgs { Name = stack.Name("back") }, root);
            networks.Add(new ContainerNetwork { Name = back.NetworkName, Aliases = ["web-back", "api"] });
        }
        else
        {
            var third = new Network("third", new NetworkArgs { Name = stack.Name("third") }, root);
            networks.Add(new ContainerNetwork { Name = third.NetworkName, Aliases = ["third-alias"] });
        }
        var data = new Volume("data", new VolumeArgs { Name = stack.Name("data") }, root, new ResourceOptions { RetainOnDelete = false });
        var password = new RandomPassword("pw", new RandomPasswordArgs { Length = 16 }, root);
        _ = new Container("web", new ContainerArgs
        {
            Name = name,
            Image = TestServices.Image,
            Command = ["httpd", "-f", "-p", "8080", "-h", "/var/www"],
            Env = new Dictionary<string, Input<string>> { ["PLAIN"] = "1", ["PASSWORD"] = password.Result },
            Ports = [new ContainerPort { Internal = 8080, External = port }],
            Networks = networks,
            Mounts =
            [
                new ContainerMount { Source = data.VolumeName, Target = "/data" },
                new ContainerMount { Type = "bind", Source = bindDir, Target = "/mnt/host", ReadOnly = true },
            ],
            Files =
            [
                new ContainerFile { Path = "/var/www/index.html", Content = "hello", Uid = 1000, Gid = 1000, Mode = "0640" },
                new ContainerFile { Path = "/etc/app/secret.conf", Content = Input<string>.Secret("s3cr3t-file"), Mode = "0600" },
            ],
            Restart = restart,
            Healthcheck = new ContainerHealthcheck { Test = ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"], IntervalSeconds = 0.5, Retries = 5 },
            WaitHealthy = true,
            WaitTimeoutSeconds = 30,
            User = "1000:1000",
            CapDrop = ["NET_RAW"],
            MemoryBytes = memory,
            Cpus = 0.5,
            Labels = new Dictionary<string, Input<string>> { ["app"] = "web", ["token"] = Input<string>.Secret("label-secret") },
            Init = true,
            StopGraceSeconds = 2,
        }, root);
    }

    /// <summary>
    /// At a production interval Docker runs its first check after 30 s; the wait runs the container's own
    /// health command through exec as soon as it starts, so up goes on while Docker still says "starting".
    /// </summary>
    [Fact]
    public async Task Wait_until_healthy_runs_the_health_command_itself_and_does_not_sit_out_the_interval()
    {
        await using var stack = new TestStack("ctr");
        var name = stack.Name("ready");
        await stack.UpAsync(root => _ = new Container("ready", new ContainerArgs
        {
            Name = name,
            Image = TestServices.Image,
            Command = ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 600"],
            Init = true,
            Env = new Dictionary<string, Input<string>> { ["READY_FILE"] = "/tmp/ready" },
            // Uses the container's environment, as Docker's own check does.
            Healthcheck = new ContainerHealthcheck { Test = ["CMD-SHELL", "test -f \"$READY_FILE\""], IntervalSeconds = 30, TimeoutSeconds = 10, StartPeriodSeconds = 60, Retries = 3 },
            WaitHealthy = true,
            WaitTimeoutSeconds = 60,
        }, root));

        Assert.Equal("starting", await Inspect(name, "{{.State.Health.Status}}"));

        // verify, run in the same first interval, proves readiness the same way instead of reporting "starting".
        await using var connection = new DockerConnection(stack.Host);
        var live = await Infra.Providers.Docker.Probing.ContainerInspection.InspectAsync(await connection.OpenAsync(CancellationToken.None), name, CancellationToken.None);
        Assert.Equal(("healthy", true), (live.Health, live.HealthProvenByExec));
    }

    [Fact]
    public async Task Verify_reports_a_starting_container_whose_health_command_fails_with_that_commands_output()
    {
        await using var stack = new TestStack("ctr");
        var name = stack.Name("notready");
        await stack.UpAsync(root => _ = new Container("notready", new ContainerArgs
        {
            Name = name,
            Image = TestServices.Image,
            Command = ["sleep", "600"],
            Init = true,
            Healthcheck = new ContainerHealthcheck { Test = ["CMD-SHELL", "echo queue-not-connected; exit 1"], IntervalSeconds = 30, StartPeriodSeconds = 60, Retries = 3 },
        }, root));

        await using var connection = new DockerConnection(stack.Host);
        var live = await Infra.Providers.Docker.Probing.ContainerInspection.InspectAsync(await connection.OpenAsync(CancellationToken.None), name, CancellationToken.None);
        Assert.Equal(("starting", false, "queue-not-connected"), (live.Health, live.HealthProvenByExec, live.LastHealthOutput));
    }

    [Fact]
    public async Task Wait_until_healthy_times_out_with_the_last_health_check_output()
    {
        await using var stack = new TestStack("ctr");
        var (_, result) = await stack.TryUpAsync(root => _ = new Container("sick", new ContainerArgs
        {
            Name = stack.Name("sick"),
            Image = TestServices.Image,
            Command = ["sleep", "600"],
            Init = true,
            Healthcheck = new ContainerHealthcheck { Test = ["CMD-SHELL", "echo database-not-ready-yet; exit 1"], IntervalSeconds = 0.3, Retries = 100 },
            WaitHealthy = true,
            WaitTimeoutSeconds = 3,
        }, root));
        var message = TestStack.Failures(result);
        Assert.Contains($"container '{stack.Name("sick")}' did not become healthy within 3s", message);
        Assert.Contains("database-not-ready-yet", message);
    }

    /// <summary>A service that keeps crashing (its data written with another password, say) says it restarts, and why.</summary>
    [Fact]
    public async Task Wait_until_healthy_on_a_crash_looping_container_names_its_restarts_and_its_last_log_lines()
    {
        await using var stack = new TestStack("ctr");
        var (_, result) = await stack.TryUpAsync(root => _ = new Container("looping", new ContainerArgs
        {
            Name = stack.Name("looping"),
            Image = TestServices.Image,
            Command = ["sh", "-c", "echo starting; echo 'password authentication failed for user n8n' >&2; exit 3"],
            Restart = "always",
            Healthcheck = new ContainerHealthcheck { Test = ["CMD-SHELL", "exit 1"], IntervalSeconds = 30, Retries = 3 },
            WaitHealthy = true,
            WaitTimeoutSeconds = 8,
        }, root));
        var message = TestStack.Failures(result);
        Assert.Contains($"container '{stack.Name("looping")}' did not become healthy within 8s", message);
        Assert.Contains("its last log lines: ", message);
        Assert.Contains("password authentication failed for user n8n", message);
        Assert.DoesNotContain('\n', message);
    }

    /// <summary>
    /// A container that never turns healthy exists on the host: it is recorded (Pulumi's initErrors) with no pending
    /// operation, so destroy removes it before its network instead of failing on "network has active endpoints".
    /// </summary>
    [Fact]
    public async Task A_container_that_never_became_healthy_is_recorded_and_destroy_removes_it_and_its_network()
    {
        await using var stack = new TestStack("ctr");
        var name = stack.Name("sick");
        var network = stack.Name("sick-net");
        var (_, result) = await stack.TryUpAsync(root =>
        {
            var net = new Network("net", new NetworkArgs { Name = network }, root);
            _ = new Container("sick", new ContainerArgs
            {
                Name = name,
                Image = TestServices.Image,
                Command = ["sleep", "600"],
                Init = true,
                Networks = [new ContainerNetwork { Name = net.NetworkName }],
                Healthcheck = new ContainerHealthcheck { Test = ["CMD-SHELL", "exit 1"], IntervalSeconds = 0.3, Retries = 100 },
                WaitHealthy = true,
                WaitTimeoutSeconds = 2,
            }, root);
        });
        Assert.False(result.Succeeded);

        var recorded = stack.Snapshot.Resources.Single(r => r.Type == ContainerKind.TypeToken);
        Assert.Equal(await Inspect(name, "{{.Id}}"), recorded.Id);
        Assert.Contains("did not become healthy", Assert.Single(recorded.InitErrors));
        Assert.Empty(stack.Snapshot.PendingOperations);

        var destroy = await stack.DestroyAsync();
        Assert.True(destroy.Succeeded, TestStack.Failures(destroy));
        Assert.NotEqual(0, (await TestServices.TryDockerAsync("inspect", name)).ExitCode);
        Assert.NotEqual(0, (await TestServices.TryDockerAsync("network", "inspect", network)).ExitCode);
    }

    [Fact]
    public async Task Container_name_taken_by_a_foreign_container_is_an_error_and_it_is_left_alone()
    {
        await using var stack = new TestStack("ctr");
        var name = stack.Name("taken");
        var foreign = await TestServices.DockerAsync("create", "--name", name, "--label", $"{InfraLabels.Stack}={stack.Stack}", TestServices.Image, "sleep", "600");
        var (_, result) = await stack.TryUpAsync(root => _ = new Container("taken", new ContainerArgs { Name = name, Image = TestServices.Image }, root));
        Assert.Contains($"container name '{name}' is already taken by a container this stack does not own", TestStack.Failures(result));
        Assert.Equal(foreign, await Inspect(name, "{{.Id}}"));
    }

    [Fact]
    public async Task Container_left_by_an_interrupted_run_is_removed_and_recreated()
    {
        await using var stack = new TestStack("ctr");
        var name = stack.Name("left");
        var leftover = await TestServices.DockerAsync("create", "--name", name, "--label", $"{InfraLabels.Urn}={stack.Urn(ContainerKind.TypeToken, "left")}",
            "--label", $"{InfraLabels.Stack}={stack.Stack}", TestServices.Image, "sleep", "600");
        void Program(StackRoot root) => _ = new Container("left", new ContainerArgs
        {
            Name = name, Image = TestServices.Image, Command = ["sleep", "600"], Init = true, StopGraceSeconds = 1,
        }, root);
        await stack.UpAsync(Program);
        Assert.NotEqual(leftover, stack.Snapshot.Of("left").Id);
        Assert.Equal("true", await Inspect(name, "{{.State.Running}}"));
        await stack.AssertNoDriftAsync(Program);
    }

    [Fact]
    public async Task Api_1_41_creates_with_one_network_and_connects_the_others_before_start()
    {
        await using var stack = new TestStack("api");
        stack.Host = new DockerHostOptions(DockerHostOptions.DefaultHost, ApiVersion: "1.41");
        await using (var connection = new DockerConnection(stack.Host))
            Assert.False((await connection.OpenAsync(CancellationToken.None)).CreatesOnSeveralNetworks);
        var name = stack.Name("multi");
        void Program(StackRoot root)
        {
            var nets = new[] { "n1", "n2", "n3" }.Select(n => new Network(n, new NetworkArgs { Name = stack.Name(n) }, root)).ToList();
            _ = new Container("multi", new ContainerArgs
            {
                Name = name, Image = TestServices.Image, Command = ["sleep", "600"], Init = true, StopGraceSeconds = 1,
                Networks = nets.Select((n, i) => new ContainerNetwork { Name = n.NetworkName, Aliases = [$"alias{i}"] }).ToList(),
            }, root);
        }
        await stack.UpAsync(Program);
        var networks = await Inspect(name, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{join $v.Aliases \",\"}} {{end}}");
        for (var i = 0; i < 3; i++) Assert.Matches($"{stack.Name($"n{i + 1}")}=[^ ]*alias{i}", networks);
        await stack.AssertNoDriftAsync(Program);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Task<string> Inspect(string container, string format) => TestServices.DockerAsync("inspect", container, "--format", format);

    /// <summary>Docker's health status once it has left "starting" (its checks are late on a busy host, never skipped).</summary>
    private static async Task<string> DockerHealthDecidedAsync(string container)
    {
        var status = await Inspect(container, "{{.State.Health.Status}}");
        for (var i = 0; status == "starting" && i < 600; i++)
        {
            await Task.Delay(100);
            status = await Inspect(container, "{{.State.Health.Status}}");
        }
        return status;
    }

    public static Task<string> Exec(string container, params string[] command) => TestServices.DockerAsync(["exec", "-u", "0", container, .. command]);
}
