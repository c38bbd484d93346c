namespace Infra.Providers.Docker.Probing;

/// <summary>
/// One container: null <see cref="Problem"/> when it runs and (if it has a health check) is healthy;
/// <see cref="HealthProvenByExec"/> when its health command passed as verify ran it, before Docker's first check.
/// </summary>
public sealed record ContainerFinding(string Name, string? Problem, bool HealthProvenByExec = false);

/// <summary>
/// One cell of the isolation matrix: the service probed from a network. <see cref="Problem"/> is null when what
/// was seen matches the design; <see cref="FirstRoundProblem"/> keeps what an earlier round saw when a later one came right.
/// </summary>
public sealed record MatrixCell(string Network, bool ShouldReach, string? Problem, string? FirstRoundProblem, int SettledOnRound);

public sealed record MatrixRow(ExpectedContainer Container, IReadOnlyList<MatrixCell> Cells);

/// <summary>The isolation matrix: rows are the probed services, columns the networks probes ran on.</summary>
public sealed record IsolationMatrix(IReadOnlyList<string> Networks, IReadOnlyList<MatrixRow> Rows, int Rounds)
{
    public bool Passed => Rows.All(r => r.Cells.All(c => c.Problem is null));
}

public sealed record PortFinding(string Container, LivePort Port, bool Allowed);

/// <summary>Everything <c>infra verify</c> found on the live host.</summary>
public sealed record StackFindings(IReadOnlyList<ContainerFinding> Containers, IsolationMatrix Matrix, IReadOnlyList<PortFinding> Ports)
{
    public bool Passed => Containers.All(c => c.Problem is null) && Matrix.Passed && Ports.All(p => p.Allowed);
}
