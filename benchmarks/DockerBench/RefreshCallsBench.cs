using System.Diagnostics;
using Infra.Engine.Execution;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.State;
using Infra.Providers.Docker;

namespace Infra.Benchmarks.DockerBench;

/// <summary>
/// A refresh of <c>containers</c> small containers (infra-demo/debian:bookworm sleeping) on one network:
/// how long it takes and the Docker API calls it makes, by kind. Everything it makes is named
/// <c>bench-refresh-…</c> and removed at the end.
/// </summary>
public sealed class RefreshCallsBench(DockerHostOptions host, int containers, string image = "infra-demo/debian:bookworm")
{
    private readonly string _stack = $"r{Guid.NewGuid().ToString("N")[..6]}";

    private string Prefix => $"bench-refresh-{_stack}";

    public async Task RunAsync(TextWriter report)
    {
        var snapshot = StackSnapshot.Empty;
        try
        {
            Console.Error.WriteLine($"refresh calls: creating {containers} containers ({Prefix}-*)…");
            snapshot = await ApplyAsync(new Planner(Registry(out var create)).PlanUpdateAsync(Declare(), snapshot), snapshot, create, Declare().Resources.Select(r => r.Urn).ToList());
            await using var connection = new DockerConnection(host);
            var clock = Stopwatch.StartNew();
            var (plan, _) = await new RefreshPlanner(BenchRun.Registry(connection)).RefreshAsync("bench", _stack, snapshot, 4 * Environment.ProcessorCount, false, CancellationToken.None);
            var elapsed = clock.Elapsed;
            if (plan.HasChanges) throw new InvalidOperationException("refresh found drift:\n" + PlanText.Render(plan, diff: true));
            var calls = connection.ApiCalls.Snapshot();
            report.WriteLine($"refresh of {containers} containers and 1 network over {host.Host}: {elapsed.TotalMilliseconds:0} ms, {connection.ApiCalls.Total} Docker API calls");
            foreach (var (kind, count) in calls) report.WriteLine($"  {count,5}  {kind}");
            var lists = calls.Where(c => c.Key.EndsWith("s/json", StringComparison.Ordinal) && c.Key.Count(ch => ch == '/') == 2).Sum(c => c.Value);
            report.WriteLine($"  list calls: {lists} (goal: O(1)); container inspects per container: {(double)calls.GetValueOrDefault("GET /containers/{}/json") / containers:0.00} (goal: 1)");
        }
        finally
        {
            await ApplyAsync(Task.FromResult(new Planner(Registry(out var destroy)).PlanDestroy("bench", _stack, snapshot)), snapshot, destroy, []);
        }
    }

    private static async Task<StackSnapshot> ApplyAsync(Task<Plan> planning, StackSnapshot snapshot, DockerConnection connection, IReadOnlyList<string> desired)
    {
        await using (connection)
        {
            var plan = await planning;
            var live = new LiveState(snapshot, desired.ToList(), (_, _) => Task.CompletedTask);
            var result = await new Executor(BenchRun.Registry(connection)).ExecuteAsync(plan, live, 4 * Environment.ProcessorCount, NullObserver.Instance, CancellationToken.None);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Failures.Select(f => $"{f.Operation.Step.Name}: {f.Error.Message}")));
            return result.Snapshot;
        }
    }

    private Infra.Engine.Providers.ProviderRegistry Registry(out DockerConnection connection)
    {
        connection = new DockerConnection(host);
        return BenchRun.Registry(connection);
    }

    private DesiredState Declare()
    {
        var root = new StackRoot("bench", _stack);
        var net = new Network("net", new NetworkArgs { Name = $"{Prefix}-net" }, root);
        for (var i = 0; i < containers; i++)
            _ = new Container($"c{i}", new ContainerArgs
            {
                Name = $"{Prefix}-c{i}", Image = image, Command = ["sleep", "infinity"],
                Networks = [new ContainerNetwork { Name = net.NetworkName }], Init = true, StopGraceSeconds = 1,
            }, root);
        return ProgramRegistration.Register(root);
    }
}
