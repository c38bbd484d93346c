using System.Text.Json.Nodes;
using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>The standard variant deployed once by a cold <c>infra up</c>; the tests only read it.</summary>
public sealed class StandardStackFixture : IAsyncLifetime
{
    public TestStack Stack { get; private set; } = null!;
    public RunResult ColdUp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await E2eEnvironment.EnsureAsync();
        // Every service published on its own free loopback port (mosquitto-tls is only published with TLS certs).
        Stack = TestStack.Create(new StackOptions { Publish = TestStack.PortKeys });
        ColdUp = await Stack.InfraAsync("up", "--yes");
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

[Collection(E2eCollection.Name)]
public sealed partial class StandardStackTests : IClassFixture<StandardStackFixture>
{
    private readonly TestStack _stack;
    private readonly StandardStackFixture _fixture;

    public StandardStackTests(StandardStackFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _stack = fixture.Stack;
        _stack.Output = output;
        if (fixture.ColdUp.ExitCode != 0) Assert.Fail($"the cold up of the shared stack failed:\n{fixture.ColdUp}");
    }

    // ---- scenario 1 --------------------------------------------------------------------------------------

    [Fact]
    public async Task Cold_up_brings_every_service_up_healthy_and_verify_proves_the_isolation_matrix()
    {
        _stack.Record(_fixture.ColdUp, ["up", "--yes", "(cold, by the fixture)"]);
        Assert.Matches(@"\+ \d+ created", _fixture.ColdUp.Stdout);
        foreach (var container in _stack.ExpectedContainers)
            Assert.Equal($"running healthy", await DockerCli.DockerHealthAsync(container));

        var verify = await _stack.VerifyAsync();
        Assert.Contains($"Containers: all {_stack.ExpectedContainers.Count} running and healthy", verify.Stdout);
        var matrix = IsolationMatrix.Parse(verify.Stdout);
        Assert.True(matrix.AllAsDesigned, verify.Stdout);
        Assert.Equal(_stack.ExpectedNetworks, matrix.Networks);
        // jeux-text lives on ingress_net alone; Postgres on azoth_net and backbone_net: they never meet.
        Assert.Equal([_stack.Network("ingress_net")], matrix.ReachableFrom($"{_stack.Container("jeux-text")}:3001"));
        Assert.Equal([_stack.Network("azoth_net"), _stack.Network("backbone_net")], matrix.ReachableFrom($"{_stack.Container("postgres")}:5432"));
        Assert.Equal("·", matrix.Cell($"{_stack.Container("postgres")}:5432", _stack.Network("ingress_net")));
        // Every published port is on loopback, each at the port this stack asked for.
        var published = verify.Stdout[verify.Stdout.IndexOf("Published ports:", StringComparison.Ordinal)..];
        Assert.DoesNotContain("not loopback", published);
        Assert.Contains($"{_stack.Container("prometheus")} 9090/tcp -> 127.0.0.1:{_stack.Port("prometheus")}", published);
        Assert.Contains($"{_stack.Container("n8n")} 5678/tcp -> 127.0.0.1:{_stack.Port("n8n")}", published);
    }

    // ---- scenario 2: the generated credentials are the ones the services take ------------------------------

    [Fact]
    public async Task Postgres_takes_the_generated_password_and_refuses_a_wrong_one()
    {
        var password = (await _stack.SecretsAsync())["postgres-password"];
        var pg = _stack.Container("postgres");
        // Over the container's network address: the image trusts 127.0.0.1 and the socket, as the official one does.
        var ok = await DockerCli.RunAsync("exec", pg, "psql", $"postgresql://n8n:{password}@{pg}/n8n", "-tAc", "select 1");
        Assert.True(ok.ExitCode == 0 && ok.Stdout.Trim() == "1", ok.ToString());

        var wrong = await DockerCli.RunAsync("exec", pg, "psql", $"postgresql://n8n:{password}x@{pg}/n8n", "-tAc", "select 1");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("password authentication failed for user \"n8n\"", wrong.Stderr);

        // n8n is configured with the same password.
        Assert.Contains($"DB_POSTGRESDB_PASSWORD={password}", await DockerCli.InspectAsync(_stack.Container("n8n"), "{{json .Config.Env}}"));
    }

    [Fact]
    public async Task Redis_refuses_commands_without_the_password_and_accepts_them_with_it()
    {
        var password = (await _stack.SecretsAsync())["redis-password"];
        var redis = _stack.Container("redis");

        var anonymous = await DockerCli.RunAsync("exec", redis, "redis-cli", "-h", "127.0.0.1", "set", "e2e", "anonymous");
        Assert.Contains("NOAUTH", anonymous.Output);
        var wrong = await DockerCli.RunAsync("exec", redis, "redis-cli", "-h", "127.0.0.1", "--no-auth-warning", "-a", password + "x", "ping");
        Assert.Contains("WRONGPASS", wrong.Output);

        Assert.Equal("OK", (await DockerCli.OkAsync("exec", redis, "redis-cli", "-h", "127.0.0.1", "--no-auth-warning", "-a", password, "set", "e2e", "authorised")).Trim());
        Assert.Equal("authorised", (await DockerCli.OkAsync("exec", redis, "redis-cli", "-h", "127.0.0.1", "--no-auth-warning", "-a", password, "get", "e2e")).Trim());
    }

    [Fact]
    public async Task Mosquitto_refuses_anonymous_publish_and_accepts_the_generated_user()
    {
        var password = (await _stack.SecretsAsync())["mosquitto-password"];
        var mqtt = _stack.Container("mosquitto");

        var anonymous = await DockerCli.RunAsync("exec", mqtt, "mosquitto_pub", "-h", "127.0.0.1", "-t", "e2e/test", "-m", "anonymous");
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("not authorised", anonymous.Output, StringComparison.OrdinalIgnoreCase);
        var wrong = await DockerCli.RunAsync("exec", mqtt, "mosquitto_pub", "-h", "127.0.0.1", "-u", "infra", "-P", password + "x", "-t", "e2e/test", "-m", "wrong");
        Assert.NotEqual(0, wrong.ExitCode);

        var ok = await DockerCli.RunAsync("exec", mqtt, "mosquitto_pub", "-h", "127.0.0.1", "-u", "infra", "-P", password, "-t", "e2e/test", "-m", "hello");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        // And from the host, through the published port, the broker also wants the user.
        var published = await DockerCli.RunAsync("run", "--rm", "--name", $"{_stack.Prefix}mqtt-client", "--network", "host", "infra-demo/mosquitto:2",
            "mosquitto_pub", "-h", "127.0.0.1", "-p", _stack.Port("mosquitto").ToString(), "-t", "e2e/test", "-m", "anonymous");
        Assert.NotEqual(0, published.ExitCode);
    }

    [Fact]
    public async Task Prometheus_reports_every_scrape_target_up()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{_stack.Port("prometheus")}/api/v1/targets";
        string[] expectedJobs = ["ai-proxy", "embed-service", "minio", "n8n", "prometheus", "qdrant"];
        JsonArray? targets = null;
        await Asserts.EventuallyAsync(TimeSpan.FromSeconds(60), async () =>
        {
            targets = JsonNode.Parse(await http.GetStringAsync(url))!["data"]!["activeTargets"]!.AsArray();
            var jobs = targets.Select(t => (string)t!["labels"]!["job"]!).Order(StringComparer.Ordinal).ToArray();
            var down = targets.Where(t => (string?)t!["health"] != "up")
                .Select(t => $"{t!["labels"]!["job"]}={t["health"]} ({t["lastError"]})").ToList();
            return jobs.SequenceEqual(expectedJobs) && down.Count == 0 ? null : $"jobs [{string.Join(", ", jobs)}], not up: {string.Join("; ", down)}";
        });
        _stack.Write($"prometheus targets: {targets!.ToJsonString()}");
    }

    // ---- scenario 3: idempotency --------------------------------------------------------------------------

    [Fact]
    public async Task Second_up_changes_nothing_and_preview_expects_no_changes()
    {
        var second = await _stack.UpAsync();
        var count = Asserts.AllUnchanged(second);
        Assert.True(count >= 40, $"only {count} resources unchanged:\n{second}");
        await _stack.InfraExpectAsync(0, "preview", "--expect-no-changes");
        await _stack.InfraExpectAsync(0, "up", "--yes", "--expect-no-changes");
    }

    [Fact]
    public async Task Up_then_refresh_then_preview_finds_no_changes()
    {
        await _stack.UpAsync();
        var refresh = await _stack.InfraExpectAsync(0, "refresh", "--yes");
        Asserts.AllUnchanged(refresh);
        var preview = await _stack.InfraExpectAsync(0, "preview", "--expect-no-changes");
        Asserts.AllUnchanged(preview);
        await _stack.InfraExpectAsync(0, "refresh", "--preview-only", "--expect-no-changes");
    }
}
