using Infra.Providers.Docker.Probing;

namespace Infra.Cli.Rendering;

/// <summary>Prints what <c>infra verify</c> found: containers, the isolation matrix, the published ports, and the verdict.</summary>
public static class VerifyReport
{
    public static void Print(TextWriter output, StackFindings findings)
    {
        Containers(output, findings.Containers);
        Matrix(output, findings.Matrix);
        Ports(output, findings.Ports);
        output.WriteLine(findings.Passed ? "verify: passed" : "verify: FAILED");
    }

    private static void Containers(TextWriter output, IReadOnlyList<ContainerFinding> containers)
    {
        var problems = containers.Where(c => c.Problem is not null).ToList();
        output.WriteLine(problems.Count == 0
            ? $"Containers: all {containers.Count} running and healthy"
            : $"Containers: {problems.Count} of {containers.Count} not running or not healthy");
        foreach (var p in problems) output.WriteLine($"  ✗ {p.Name}: {p.Problem}");
        var early = containers.Where(c => c.Problem is null && c.HealthProvenByExec).Select(c => c.Name).ToList();
        if (early.Count > 0)
            output.WriteLine($"  note: Docker had not run the first health check of {string.Join(", ", early)} yet; verify ran their health commands and they passed");
    }

    private static void Matrix(TextWriter output, IsolationMatrix matrix)
    {
        output.WriteLine("Isolation matrix (probe on the column's network → service; ✓ reachable, · isolated, ✗ differs from the design):");
        var width = matrix.Rows.Select(r => Label(r.Container).Length).DefaultIfEmpty(0).Max() + 2;
        output.WriteLine("  " + "".PadRight(width) + string.Join(" ", matrix.Networks.Select(n => n.PadRight(Column(n)))));
        foreach (var row in matrix.Rows)
            output.WriteLine("  " + Label(row.Container).PadRight(width) + string.Join(" ",
                row.Cells.Select(c => (c.Problem is not null ? "✗" : c.ShouldReach ? "✓" : "·").PadRight(Column(c.Network)))));
        foreach (var row in matrix.Rows)
            foreach (var c in row.Cells.Where(c => c.Problem is not null))
                output.WriteLine($"  ✗ {Label(row.Container)} from {c.Network}: expected {(c.ShouldReach ? "reachable" : "isolated")}, {c.Problem} (on all {matrix.Rounds} probe rounds)");
        foreach (var row in matrix.Rows)
            foreach (var c in row.Cells.Where(c => c.FirstRoundProblem is not null))
                output.WriteLine($"  note: {Label(row.Container)} from {c.Network}: {c.FirstRoundProblem} on probe round 1, as designed on round {c.SettledOnRound}");
    }

    private static void Ports(TextWriter output, IReadOnlyList<PortFinding> ports)
    {
        output.WriteLine("Published ports:");
        foreach (var (container, p, allowed) in ports)
            output.WriteLine($"  {(allowed ? " " : "✗")} {container} {p.ContainerPort}/{p.Protocol} -> {p.HostIp}:{p.HostPort}{(allowed ? "" : "  (not loopback)")}");
    }

    private static string Label(ExpectedContainer c) => $"{c.Name}:{c.Port}";

    private static int Column(string network) => Math.Max(network.Length, 3);
}
