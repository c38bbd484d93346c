namespace Infra.Providers.Docker.Probing;

/// <summary>
/// Looks at a live stack: every expected container running and healthy, the isolation matrix proved from inside
/// each network (a probe container connects to every service address), and every published port checked.
/// </summary>
public static class StackProbe
{
    /// <summary>Probe rounds for a cell that differs from the design before it counts as a mismatch.</summary>
    public const int Rounds = 3;

    /// <summary>
    /// The connect timeout of each round: a loaded host can take seconds to start the probe's shells and connects,
    /// so a cell that only timed out is given longer each time before "not reached" is believed.
    /// </summary>
    private static readonly int[] TimeoutSeconds = [2, 6, 15];

    public static async Task<StackFindings> RunAsync(DockerConnection connection, ExpectedStack expected, CancellationToken ct)
    {
        var session = await connection.OpenAsync(ct);
        var live = new Dictionary<string, LiveContainer>();
        foreach (var c in expected.Containers)
            live[c.Name] = c.Replicas is { } replicas
                ? await ServiceInspection.InspectAsync(session, c.Name, replicas, ct)
                : await ContainerInspection.InspectAsync(session, c.Name, ct);

        var containers = expected.Containers.Select(c => new ContainerFinding(c.Name, Problem(c, live[c.Name]), live[c.Name].HealthProvenByExec)).ToList();
        var matrix = await IsolationAsync(session, expected, live, ct);
        var ports = live.Values.OrderBy(c => c.Name, StringComparer.Ordinal)
            .SelectMany(c => c.Ports.OrderBy(p => p.ContainerPort).Select(p => new PortFinding(c.Name, p, expected.AllowsPort(c.Name, p))))
            .ToList();
        return new StackFindings(containers, matrix, ports);
    }

    private static string? Problem(ExpectedContainer c, LiveContainer l)
    {
        if (!l.Exists) return "missing";
        if (!l.Running) return "not running";
        if (c.HasHealthcheck && l.Health != "healthy")
            return $"{l.Health ?? "no health status"}{(l.LastHealthOutput is { Length: > 0 } o ? $" (last check: {o})" : "")}";
        return null;
    }

    private static async Task<IsolationMatrix> IsolationAsync(DockerSession session, ExpectedStack expected,
        IReadOnlyDictionary<string, LiveContainer> live, CancellationToken ct)
    {
        var probedContainers = expected.Containers.Where(c => c.Port is not null).ToList();
        var networks = expected.Containers.SelectMany(c => c.Networks).Distinct().Order(StringComparer.Ordinal).ToList();
        var targets = probedContainers
            .SelectMany(c => live[c.Name].NetworkIps.Select(kv => (Container: c, Network: kv.Key, Target: new NetworkProbe.Target(kv.Value, c.Port.GetValueOrDefault()))))
            .ToList();
        // Each container by name too: from a network it is not on, the name does not resolve, which says more than a timeout.
        var probed = targets.Select(t => t.Target).Distinct()
            .Concat(probedContainers.Select(c => new NetworkProbe.Target(c.Name, c.Port.GetValueOrDefault()))).ToList();
        var reached = await ProbeAsync(session, networks, probed, expected.ProbeImage, TimeoutSeconds[0], ct);

        // Docker re-programs its firewall while networks are created elsewhere on the host, and a loaded host can
        // miss a connect timeout: a cell that differs from the design is probed again, and counts only if it
        // differs every time.
        var cells = probedContainers.SelectMany(c => networks.Select(n => (Container: c, Network: n)))
            .ToDictionary(x => x, x => Cell(x.Container, x.Network, targets, reached[x.Network]));
        var firstRound = cells.Where(kv => kv.Value.Problem is not null).ToDictionary(kv => kv.Key, kv => kv.Value.Problem);
        for (var round = 2; round <= Rounds; round++)
        {
            var suspect = cells.Where(kv => kv.Value.Problem is not null).Select(kv => kv.Key.Network).Distinct().ToList();
            if (suspect.Count == 0) break;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var again = await ProbeAsync(session, suspect, probed, expected.ProbeImage, TimeoutSeconds[round - 1], ct);
            foreach (var key in cells.Where(kv => kv.Value.Problem is not null).Select(kv => kv.Key).ToList())
            {
                var cell = Cell(key.Container, key.Network, targets, again[key.Network]);
                cells[key] = cell.Problem is null ? cell with { FirstRoundProblem = firstRound[key], SettledOnRound = round } : cell;
            }
        }
        var rows = probedContainers.Select(c => new MatrixRow(c, networks.Select(n => cells[(c, n)]).ToList())).ToList();
        return new IsolationMatrix(networks, rows, Rounds);
    }

    private static async Task<Dictionary<string, NetworkProbe.Results>> ProbeAsync(
        DockerSession session, IReadOnlyList<string> networks, IReadOnlyList<NetworkProbe.Target> targets, string probeImage, int timeoutSeconds, CancellationToken ct)
    {
        var reached = new Dictionary<string, NetworkProbe.Results>();
        using var gate = new SemaphoreSlim(3);
        await Task.WhenAll(networks.Select(async n =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var result = await NetworkProbe.ReachableAsync(session, n, probeImage, targets, ct, timeoutSeconds);
                lock (reached) reached[n] = result;
            }
            finally { gate.Release(); }
        }));
        return reached;
    }

    /// <summary>One cell of the matrix: is <paramref name="c"/> reached from <paramref name="network"/> exactly as designed?</summary>
    private static MatrixCell Cell(ExpectedContainer c, string network,
        IReadOnlyList<(ExpectedContainer Container, string Network, NetworkProbe.Target Target)> targets, NetworkProbe.Results results)
    {
        var mine = targets.Where(t => t.Container == c).ToList();
        var shouldReach = c.Networks.Contains(network);
        var own = mine.FirstOrDefault(t => t.Network == network);
        var reachedSame = own.Target is not null && results.Reached(own.Target);
        var leaked = mine.Where(t => t.Network != network && results.Reached(t.Target)).Select(t => t.Network).ToList();
        var unresolved = results.Of(new NetworkProbe.Target(c.Name, c.Port.GetValueOrDefault())) == NetworkProbe.Outcome.Unresolved;
        string? problem = shouldReach == reachedSame && leaked.Count == 0 ? null
            : leaked.Count > 0 ? $"reached through its address on {string.Join(", ", leaked)}"
            : reachedSame ? "reached"
            : unresolved ? $"not reached (the name {c.Name} does not resolve on this network{(own.Target is null ? ": no address on it" : "")})"
            : own.Target is null ? "no address on this network"
            : results.Of(own.Target) == NetworkProbe.Outcome.Refused ? "not reached (connection refused: nothing listens on the port)"
            : $"not reached (no answer within {results.TimeoutSeconds} s)";
        return new MatrixCell(network, shouldReach, problem, null, 1);
    }
}
