using System.Text.Json.Nodes;
using Infra.EndToEnd.Tests.Support;
using Infra.Providers.Docker;

namespace Infra.EndToEnd.Tests;

/// <summary>One standard stack for the drift tests; each test drifts it by hand and leaves it repaired.</summary>
public sealed class DriftStackFixture : IAsyncLifetime
{
    public TestStack Stack { get; private set; } = null!;
    public RunResult ColdUp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await E2eEnvironment.EnsureAsync();
        Stack = TestStack.Create();
        ColdUp = await Stack.InfraAsync("up", "--yes");
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>
/// Scenario 4: drift made with the docker CLI. Each kind makes <c>refresh --preview-only --expect-no-changes</c>
/// exit 7 naming the resource; <c>up --refresh</c> repairs it; verify passes and the state is clean again.
/// </summary>
[Collection(E2eCollection.Name)]
public sealed class DriftTests : IClassFixture<DriftStackFixture>
{
    private readonly TestStack _stack;

    public DriftTests(DriftStackFixture fixture, ITestOutputHelper output)
    {
        _stack = fixture.Stack;
        _stack.Output = output;
        if (fixture.ColdUp.ExitCode != 0) Assert.Fail($"the cold up of the drift stack failed:\n{fixture.ColdUp}");
    }

    [Fact]
    public async Task Container_removed_by_hand()
    {
        await DockerCli.OkAsync("rm", "-f", "-v", _stack.Container("strudel"));
        var refresh = await DetectedAsync($"{ContainerKind.TypeToken} strudel");
        Assert.Contains("deleted outside infra", refresh.Stdout);
        await RepairAsync();
    }

    [Fact]
    public async Task Container_stopped_by_hand()
    {
        await DockerCli.OkAsync("stop", _stack.Container("ai-proxy"));
        var refresh = await DetectedAsync($"{ContainerKind.TypeToken} ai-proxy");
        Assert.Contains("running", refresh.Stdout);
        await RepairAsync();
        Assert.Equal("running healthy", await DockerCli.DockerHealthAsync(_stack.Container("ai-proxy")));
    }

    [Fact]
    public async Task Container_disconnected_from_a_network_by_hand()
    {
        await DockerCli.OkAsync("network", "disconnect", _stack.Network("koff_net"), _stack.Container("embed-service"));
        var refresh = await DetectedAsync($"{ContainerKind.TypeToken} embed-service");
        Assert.Contains("networks", refresh.Stdout);
        await RepairAsync();
        Assert.Contains(_stack.Network("koff_net"), await DockerCli.InspectAsync(_stack.Container("embed-service"), "{{json .NetworkSettings.Networks}}"));
    }

    /// <summary>
    /// Same name, other env, infra's ownership labels copied over: the provider finds it by name and URN label,
    /// refresh shows what differs, and up replaces it with the declared container.
    /// </summary>
    [Fact]
    public async Task Container_recreated_by_hand_with_other_env_keeping_the_labels_is_replaced()
    {
        var name = _stack.Container("jeux-text");
        var labels = JsonNode.Parse(await DockerCli.InspectAsync(name, "{{json .Config.Labels}}"))!.AsObject();
        Assert.Contains("org.infra.urn", labels.Select(l => l.Key));
        await DockerCli.OkAsync("rm", "-f", "-v", name);
        await DockerCli.OkAsync(["run", "-d", "--name", name, "--network", _stack.Network("ingress_net"), "-e", "PORT=3002", "-e", "E2E_HAND_MADE=1",
            .. labels.SelectMany(l => new[] { "--label", $"{l.Key}={l.Value}" }), "infra-demo/jeux-text:standin"]);
        var handMade = await DockerCli.InspectAsync(name, "{{.Id}}");

        var refresh = await DetectedAsync($"{ContainerKind.TypeToken} jeux-text");
        Assert.Contains("env", refresh.Stdout);
        Assert.Contains("changed outside infra", refresh.Stdout);
        var up = await RepairAsync();
        Assert.Contains("replaced", up.Stdout);
        Assert.NotEqual(handMade, await DockerCli.InspectAsync(name, "{{.Id}}"));
        var env = await DockerCli.InspectAsync(name, "{{json .Config.Env}}");
        Assert.Contains("PORT=3001", env);
        Assert.DoesNotContain("E2E_HAND_MADE", env);
    }

    /// <summary>
    /// Same name, other env, no infra labels: the container is not the stack's any more. Refresh reports the
    /// stack's one deleted; up refuses to touch the stranger (exit 1, naming it) and leaves it alone; once the
    /// user removes it, up creates the declared one again.
    /// </summary>
    [Fact]
    public async Task Container_recreated_by_hand_without_the_labels_is_never_touched()
    {
        var name = _stack.Container("jeux-text");
        await DockerCli.OkAsync("rm", "-f", "-v", name);
        await DockerCli.OkAsync("run", "-d", "--name", name, "--network", _stack.Network("ingress_net"), "-e", "PORT=3002", "infra-demo/jeux-text:standin");
        var stranger = await DockerCli.InspectAsync(name, "{{.Id}}");

        var refresh = await DetectedAsync($"{ContainerKind.TypeToken} jeux-text");
        Assert.Contains("deleted outside infra", refresh.Stdout);
        var refused = await _stack.InfraExpectAsync(1, "up", "--yes", "--refresh");
        Assert.Contains($"container name '{name}' is already taken by a container this stack does not own", refused.Stderr);
        Assert.Equal(stranger, await DockerCli.InspectAsync(name, "{{.Id}}"));
        Assert.Equal("running", await DockerCli.InspectAsync(name, "{{.State.Status}}"));

        await DockerCli.OkAsync("rm", "-f", "-v", name);
        await RepairAsync();
        Assert.Contains("PORT=3001", await DockerCli.InspectAsync(name, "{{json .Config.Env}}"));
    }

    [Fact]
    public async Task Network_removed_by_hand()
    {
        var network = _stack.Network("azoth_net");
        var attached = DockerCli.Lines(await DockerCli.InspectAsync(network, "{{range .Containers}}{{.Name}}\n{{end}}")).ToList();
        Assert.Equal([_stack.Container("n8n"), _stack.Container("n8n-worker-1"), _stack.Container("postgres"), _stack.Container("redis")], attached.Order(StringComparer.Ordinal));
        foreach (var c in attached) await DockerCli.OkAsync("network", "disconnect", network, c);
        await DockerCli.OkAsync("network", "rm", network);

        var refresh = await DetectedAsync($"{NetworkKind.TypeToken} azoth_net");
        foreach (var c in new[] { "n8n", "postgres", "redis" }) Assert.Contains($"{ContainerKind.TypeToken} {c}", refresh.Stdout);
        await RepairAsync();
        var reattached = DockerCli.Lines(await DockerCli.InspectAsync(network, "{{range .Containers}}{{.Name}}\n{{end}}")).Order(StringComparer.Ordinal);
        Assert.Equal(attached.Order(StringComparer.Ordinal), reattached);
    }

    /// <summary>Drift detection: exit 7 and the resource named in the output.</summary>
    private async Task<RunResult> DetectedAsync(string resource)
    {
        var refresh = await _stack.InfraExpectAsync(7, "refresh", "--preview-only", "--expect-no-changes");
        Assert.Contains(resource, refresh.Stdout);
        Assert.Contains("no changes were expected", refresh.Stderr);
        return refresh;
    }

    /// <summary>up --refresh repairs; verify passes; state and host agree with nothing left to do.</summary>
    private async Task<RunResult> RepairAsync()
    {
        var up = await _stack.UpAsync("--refresh");
        await _stack.VerifyAsync();
        await _stack.AssertConvergedAsync();
        return up;
    }
}
