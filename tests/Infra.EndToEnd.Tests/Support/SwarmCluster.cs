namespace Infra.EndToEnd.Tests.Support;

/// <summary>
/// The three-node swarm of <c>.ci/swarm-up.sh</c> (three extra dockerds in their own namespaces: node1 the manager,
/// node2 and node3 workers), for tests of the swarm target. Only tests touch it; the shared daemon never sees it.
/// </summary>
public static class SwarmCluster
{
    public const string Manager = "node1";

    /// <summary>Starts the cluster (or finds it running) with these images on every node; returns the manager's <c>unix://</c> address.</summary>
    public static async Task<string> StartAsync(IEnumerable<string> images)
    {
        await ScriptAsync(TimeSpan.FromMinutes(20), ["start", .. images]);
        return await AddressAsync(Manager);
    }

    public static async Task<string> AddressAsync(string node) => "unix://" + (await ScriptAsync(TimeSpan.FromMinutes(1), ["socket", node])).Trim();

    public static Task LabelAsync(string node, string label) => ScriptAsync(TimeSpan.FromMinutes(1), ["label", node, label]);

    /// <summary>Loses the node (its daemon and containers stopped, its link down); returns once the manager reports it Down.</summary>
    public static Task KillAsync(string node) => ScriptAsync(TimeSpan.FromMinutes(3), ["kill", node]);

    public static Task ReviveAsync(string node) => ScriptAsync(TimeSpan.FromMinutes(3), ["revive", node]);

    private static async Task<string> ScriptAsync(TimeSpan timeout, string[] args)
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(E2eEnvironment.RepoRoot, ".ci/swarm-up.sh"), .. args], timeout, E2eEnvironment.RepoRoot);
        if (result.ExitCode != 0) throw new InvalidOperationException($".ci/swarm-up.sh {string.Join(' ', args)} failed:\n{result}");
        return result.Stdout;
    }
}
