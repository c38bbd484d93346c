using Infra.Providers.Docker;
using Infra.Providers.Docker.Probing;
using Infra.Stacks.Policies;

namespace Infra.Stacks.Verification;

/// <summary>
/// <c>infra verify</c>: every container running and healthy, the isolation matrix proved from inside each
/// network (a probe container connects to every service address), and every published port allowed by the
/// <see cref="PublishedPortRule"/>.
/// </summary>
public sealed class StackVerifier(DockerConnection connection, string probeImage, string edgeContainer)
{
    public async Task<bool> VerifyAsync(IReadOnlyList<ExpectedContainer> expected, TextWriter output, CancellationToken ct)
    {
        var session = await connection.OpenAsync(ct);
        var live = new Dictionary<string, LiveContainer>();
        foreach (var c in expected) live[c.Name] = await ContainerInspection.InspectAsync(session, c.Name, ct);

        var ok = CheckHealth(expected, live, output);
        ok &= await CheckIsolationAsync(session, expected, live, output, ct);
        ok &= CheckPublishedPorts(live.Values, edgeContainer, output);
        output.WriteLine(ok ? "verify: passed" : "verify: FAILED");
        return ok;
    }

    private static bool CheckHealth(IReadOnlyList<ExpectedContainer> expected, IReadOnlyDictionary<string, LiveContainer> live, TextWriter output)
    {
        var problems = new List<string>();
        foreach (var c in expected)
        {
            var l = live[c.Name];
            if (!l.Exists) problems.Add($"  ✗ {c.Name}: missing");
            else if (!l.Running) problems.Add($"  ✗ {c.Name}: not running");
            else if (c.HasHealthcheck && l.Health != "healthy")
                problems.Add($"  ✗ {c.Name}: {l.Health ?? "no health status"}{(l.LastHealthOutput is { Length: > 0 } o ? $" (last check: {o})" : "")}");
        }
        output.WriteLine(problems.Count == 0
            ? $"Containers: all {expected.Count} running and healthy"
            : $"Containers: {problems.Count} of {expected.Count} not running or not healthy");
        foreach (var p in problems) output.WriteLine(p);
        return problems.Count == 0;
    }

    /// <summary>Probe rounds for a cell that differs from the design before it counts as a mismatch.</summary>
    private const int Rounds = 3;

    private async Task<bool> CheckIsolationAsync(DockerSession session, IReadOnlyList<ExpectedContainer> expected,
        IReadOnlyDictionary<string, LiveContainer> live, TextWriter output, CancellationToken ct)
    {
        var networks = expected.SelectMany(c => c.Networks).Distinct().Order(StringComparer.Ordinal).ToList();
        var targets = expected
            .SelectMany(c => c.Port is { } port
                ? live[c.Name].NetworkIps.Select(kv => (Container: c, Network: kv.Key, Target: new NetworkProbe.Target(kv.Value, port)))
                : [])
            .ToList();
        var probed = targets.Select(t => t.Target).Distinct().ToList();
        var reached = await ProbeAsync(session, networks, probed, ct);

        // Docker re-programs its firewall while networks are created elsewhere on the host, and a loaded host can
        // miss a connect timeout: a cell that differs from the design is probed again, and counts only if it
        // differs every time. A cell that came right on a later round is reported as a note.
        var cells = expected.Where(c => c.Port is not null)
            .SelectMany(c => networks.Select(n => (Container: c, Network: n)))
            .ToDictionary(x => x, x => Cell(x.Container, x.Network, targets, reached[x.Network]));
        var notes = new List<string>();
        for (var round = 2; round <= Rounds; round++)
        {
            var suspect = cells.Where(kv => !kv.Value.Good).Select(kv => kv.Key.Network).Distinct().ToList();
            if (suspect.Count == 0) break;
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            var again = await ProbeAsync(session, suspect, probed, ct);
            foreach (var key in cells.Where(kv => !kv.Value.Good).Select(kv => kv.Key).ToList())
            {
                var cell = Cell(key.Container, key.Network, targets, again[key.Network]);
                if (!cell.Good) continue;
                notes.Add($"  note: {key.Container.Name}:{key.Container.Port} from {key.Network}: {cells[key].Problem} on probe round 1, as designed on round {round}");
                cells[key] = cell;
            }
        }

        output.WriteLine("Isolation matrix (probe on the column's network → service; ✓ reachable, · isolated, ✗ differs from the design):");
        var width = expected.Max(c => $"{c.Name}:{c.Port}".Length) + 2;
        output.WriteLine("  " + "".PadRight(width) + string.Join(" ", networks.Select(n => n.PadRight(Math.Max(n.Length, 3)))));
        var mismatches = new List<string>();
        foreach (var c in expected.Where(c => c.Port is not null))
        {
            var row = networks.Select(n => (Network: n, Cell: cells[(c, n)])).ToList();
            foreach (var (n, cell) in row.Where(r => !r.Cell.Good))
                mismatches.Add($"  ✗ {c.Name}:{c.Port} from {n}: expected {(c.Networks.Contains(n) ? "reachable" : "isolated")}, {cell.Problem} (on all {Rounds} probe rounds)");
            output.WriteLine("  " + $"{c.Name}:{c.Port}".PadRight(width) + string.Join(" ",
                row.Select(r => (r.Cell.Good ? (c.Networks.Contains(r.Network) ? "✓" : "·") : "✗").PadRight(Math.Max(r.Network.Length, 3)))));
        }
        foreach (var m in mismatches) output.WriteLine(m);
        foreach (var n in notes) output.WriteLine(n);
        return mismatches.Count == 0;
    }

    private async Task<Dictionary<string, IReadOnlySet<NetworkProbe.Target>>> ProbeAsync(
        DockerSession session, IReadOnlyList<string> networks, IReadOnlyList<NetworkProbe.Target> targets, CancellationToken ct)
    {
        var reached = new Dictionary<string, IReadOnlySet<NetworkProbe.Target>>();
        using var gate = new SemaphoreSlim(3);
        await Task.WhenAll(networks.Select(async n =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var result = await NetworkProbe.ReachableAsync(session, n, probeImage, targets, ct);
                lock (reached) reached[n] = result;
            }
            finally { gate.Release(); }
        }));
        return reached;
    }

    /// <summary>One cell of the matrix: is <paramref name="c"/> reached from <paramref name="network"/> exactly as designed?</summary>
    private static (bool Good, string Problem) Cell(ExpectedContainer c, string network,
        IReadOnlyList<(ExpectedContainer Container, string Network, NetworkProbe.Target Target)> targets, IReadOnlySet<NetworkProbe.Target> reached)
    {
        var mine = targets.Where(t => t.Container == c).ToList();
        var shouldReach = c.Networks.Contains(network);
        var reachedSame = mine.Any(t => t.Network == network && reached.Contains(t.Target));
        var leaked = mine.Where(t => t.Network != network && reached.Contains(t.Target)).Select(t => t.Network).ToList();
        if (shouldReach == reachedSame && leaked.Count == 0) return (true, "");
        return (false, leaked.Count > 0 ? $"reached through its address on {string.Join(", ", leaked)}" : reachedSame ? "reached" : "not reached");
    }

    /// <summary>Lists every published port and fails on one the <see cref="PublishedPortRule"/> does not allow.</summary>
    internal static bool CheckPublishedPorts(IEnumerable<LiveContainer> live, string edgeContainer, TextWriter output)
    {
        output.WriteLine("Published ports:");
        var ok = true;
        foreach (var c in live.OrderBy(c => c.Name, StringComparer.Ordinal))
            foreach (var p in c.Ports.OrderBy(p => p.ContainerPort))
            {
                var good = PublishedPortRule.Allows(c.Name == edgeContainer, p.HostIp, p.HostPort, p.ContainerPort);
                ok &= good;
                output.WriteLine($"  {(good ? " " : "✗")} {c.Name} {p.ContainerPort}/{p.Protocol} -> {p.HostIp}:{p.HostPort}{(good ? "" : "  (not loopback)")}");
            }
        return ok;
    }
}
