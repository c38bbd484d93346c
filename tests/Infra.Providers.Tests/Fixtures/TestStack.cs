using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Providers.Tests.Fixtures;

/// <summary>
/// Drives the real engine against the real Docker host for one stack with a unique name, like the CLI
/// would: every up, refresh or destroy opens its own connection. Disposing removes every Docker object
/// labelled with the stack, whatever a test left behind.
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    public const string Project = "proj";

    public TestStack(string prefix, DockerHostOptions? host = null)
    {
        Stack = $"it{Guid.NewGuid().ToString("N")[..8]}";
        Prefix = $"{prefix}-{Stack}";
        Host = host ?? new DockerHostOptions(DockerHostOptions.DefaultHost);
    }

    public string Stack { get; }
    /// <summary>Unique prefix for Docker object names made by this test.</summary>
    public string Prefix { get; }
    public DockerHostOptions Host { get; set; }
    public StackSnapshot Snapshot { get; set; } = StackSnapshot.Empty;

    public string Name(string suffix) => $"{Prefix}-{suffix}";

    public string Urn(string type, string name) => Infra.Engine.Model.Urn.Create(Stack, Project, type, name).ToString();

    public DesiredState Declare(Action<StackRoot> program)
    {
        var root = new StackRoot(Project, Stack);
        program(root);
        return ProgramRegistration.Register(root);
    }

    /// <summary>Plans with a host nobody answers on: proves that planning never reaches Docker.</summary>
    public async Task<Plan> PreviewAsync(Action<StackRoot> program)
    {
        await using var unreachable = new DockerConnection(new DockerHostOptions("ssh://nobody@127.0.0.1:1"));
        return await new Planner(Registry(unreachable)).PlanUpdateAsync(Declare(program), Snapshot);
    }

    public async Task<(Plan Plan, ExecutionResult Result)> TryUpAsync(Action<StackRoot> program, IDeploymentObserver? observer = null)
    {
        await using var connection = new DockerConnection(Host);
        var registry = Registry(connection);
        var desired = Declare(program);
        var plan = await new Planner(registry).PlanUpdateAsync(desired, Snapshot);
        var live = new LiveState(Snapshot, desired.Resources.Select(r => r.Urn).ToList(), (_, _) => Task.CompletedTask);
        var result = await new Executor(registry).ExecuteAsync(plan, live, 4, observer ?? NullObserver.Instance, CancellationToken.None);
        Snapshot = result.Snapshot;
        return (plan, result);
    }

    public async Task<Plan> UpAsync(Action<StackRoot> program)
    {
        var (plan, result) = await TryUpAsync(program);
        Assert.True(result.Succeeded, $"up failed: {Failures(result)}\n{PlanText.Render(plan, diff: true)}");
        return plan;
    }

    public async Task<Plan> RefreshAsync()
    {
        await using var connection = new DockerConnection(Host);
        return await RefreshAsync(connection);
    }

    /// <summary>A refresh over a connection the caller holds (to count its API calls).</summary>
    public async Task<Plan> RefreshAsync(DockerConnection connection)
    {
        var (plan, refreshed) = await new RefreshPlanner(Registry(connection)).RefreshAsync(Project, Stack, Snapshot, 4, false, CancellationToken.None);
        Snapshot = refreshed;
        return plan;
    }

    public async Task<ExecutionResult> DestroyAsync()
    {
        await using var connection = new DockerConnection(Host);
        var registry = Registry(connection);
        var plan = new Planner(registry).PlanDestroy(Project, Stack, Snapshot);
        var live = new LiveState(Snapshot, [], (_, _) => Task.CompletedTask);
        var result = await new Executor(registry).ExecuteAsync(plan, live, 4, NullObserver.Instance, CancellationToken.None);
        Snapshot = result.Snapshot;
        return result;
    }

    /// <summary>up → refresh → preview must find nothing to do.</summary>
    public async Task AssertNoDriftAsync(Action<StackRoot> program)
    {
        var refresh = await RefreshAsync();
        Assert.False(refresh.HasChanges, "refresh found drift right after up:\n" + PlanText.Render(refresh, diff: true));
        var preview = await PreviewAsync(program);
        Assert.False(preview.HasChanges, "preview after refresh wants changes:\n" + PlanText.Render(preview, diff: true));
    }

    public static string Failures(ExecutionResult result) =>
        string.Join("; ", result.Failures.Select(f => $"{f.Operation.Step.Name}: {f.Error.Message}"));

    public static ProviderRegistry Registry(DockerConnection connection) =>
        new([new DockerProvider(connection), new CommandProvider(new DockerHostShell(connection), new HostPreflightCheck(connection)), new RandomProvider()]);

    public async ValueTask DisposeAsync()
    {
        var label = $"label={InfraLabels.Stack}={Stack}";
        var containers = await TestServices.TryDockerAsync("ps", "-aq", "--filter", label);
        foreach (var id in Lines(containers.Stdout)) await TestServices.TryDockerAsync("rm", "-f", id);
        var networks = await TestServices.TryDockerAsync("network", "ls", "-q", "--filter", label);
        foreach (var id in Lines(networks.Stdout)) await TestServices.TryDockerAsync("network", "rm", id);
        var volumes = await TestServices.TryDockerAsync("volume", "ls", "-q", "--filter", label);
        foreach (var id in Lines(volumes.Stdout)) await TestServices.TryDockerAsync("volume", "rm", "-f", id);
        var images = await TestServices.TryDockerAsync("images", "-q", "--filter", label);
        foreach (var id in Lines(images.Stdout).Distinct()) await TestServices.TryDockerAsync("rmi", "-f", id);
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
