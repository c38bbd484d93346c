using System.Diagnostics;
using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Providers.Command;
using Infra.Providers.Docker;

namespace Infra.Benchmarks.DockerBench;

/// <summary>One transport's measurements. Every operation opens its own connection, as one CLI run would.</summary>
public sealed class BenchRun(DockerHostOptions host, BenchProgram program, string stack)
{
    private StackSnapshot _snapshot = StackSnapshot.Empty;

    public async Task<TimeSpan> UpAsync(bool expectNoChange)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new DockerConnection(host);
        var registry = Registry(connection);
        var desired = Declare();
        var plan = await new Planner(registry).PlanUpdateAsync(desired, _snapshot);
        if (expectNoChange && plan.HasChanges) throw new InvalidOperationException("a no-op up found changes:\n" + PlanText.Render(plan, diff: true));
        var live = new LiveState(_snapshot, desired.Resources.Select(r => r.Urn).ToList(), (_, _) => Task.CompletedTask);
        var result = await new Executor(registry).ExecuteAsync(plan, live, 4 * Environment.ProcessorCount, NullObserver.Instance, CancellationToken.None);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Failures.Select(f => $"{f.Operation.Step.Name}: {f.Error.Message}")));
        _snapshot = result.Snapshot;
        return clock.Elapsed;
    }

    /// <summary>`up --refresh`: read every resource back, then plan and apply (nothing to do).</summary>
    public async Task<TimeSpan> RefreshThenUpAsync()
    {
        var clock = Stopwatch.StartNew();
        await using (var connection = new DockerConnection(host))
        {
            var (plan, refreshed) = await new RefreshPlanner(Registry(connection)).RefreshAsync("bench", stack, _snapshot, 4 * Environment.ProcessorCount, false, CancellationToken.None);
            if (plan.HasChanges) throw new InvalidOperationException("refresh found drift:\n" + PlanText.Render(plan, diff: true));
            _snapshot = refreshed;
        }
        await UpAsync(expectNoChange: true);
        return clock.Elapsed;
    }

    /// <summary>A refresh on a connection that is already open: the per-call cost without the login.</summary>
    public async Task<TimeSpan> RefreshOnOpenConnectionAsync()
    {
        await using var connection = new DockerConnection(host);
        await connection.OpenAsync(CancellationToken.None);
        var planner = new RefreshPlanner(Registry(connection));
        var clock = Stopwatch.StartNew();
        var (plan, _) = await planner.RefreshAsync("bench", stack, _snapshot, 4 * Environment.ProcessorCount, false, CancellationToken.None);
        if (plan.HasChanges) throw new InvalidOperationException("refresh found drift");
        return clock.Elapsed;
    }

    /// <summary>Opening the connection alone: for ssh:// the login, the socket forward and GET /version.</summary>
    public async Task<TimeSpan> ConnectAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new DockerConnection(host);
        await connection.OpenAsync(CancellationToken.None);
        return clock.Elapsed;
    }

    public async Task<TimeSpan> PreviewAsync(bool expectNoChange)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new DockerConnection(host);
        var plan = await new Planner(Registry(connection)).PlanUpdateAsync(Declare(), _snapshot);
        if (expectNoChange && plan.HasChanges) throw new InvalidOperationException("a no-op preview found changes");
        return clock.Elapsed;
    }

    public async Task<TimeSpan> DestroyAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new DockerConnection(host);
        var registry = Registry(connection);
        var plan = new Planner(registry).PlanDestroy("bench", stack, _snapshot);
        var result = await new Executor(registry).ExecuteAsync(plan, new LiveState(_snapshot, [], (_, _) => Task.CompletedTask),
            4 * Environment.ProcessorCount, NullObserver.Instance, CancellationToken.None);
        if (!result.Succeeded) throw new InvalidOperationException("destroy failed");
        _snapshot = result.Snapshot;
        return clock.Elapsed;
    }

    private DesiredState Declare()
    {
        var root = new StackRoot("bench", stack);
        program.Declare(root);
        return ProgramRegistration.Register(root);
    }

    public static ProviderRegistry Registry(DockerConnection connection) =>
        new([new DockerProvider(connection), new CommandProvider(new DockerHostShell(connection), new HostPreflightCheck(connection))]);
}
