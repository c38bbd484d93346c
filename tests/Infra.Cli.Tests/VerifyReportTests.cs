using Infra.Cli.Rendering;
using Infra.Providers.Docker.Probing;

namespace Infra.Cli.Tests;

/// <summary>How <c>infra verify</c> draws what the Docker probing found.</summary>
public sealed class VerifyReportTests
{
    private static readonly ExpectedContainer Db = new("p-postgres", ["p-backbone_net"], 5432, true);

    private static StackFindings Findings(MatrixCell backbone, MatrixCell ingress, params PortFinding[] ports) => new(
        [new ContainerFinding("p-postgres", null)],
        new IsolationMatrix(["p-backbone_net", "p-ingress_net"], [new MatrixRow(Db, [backbone, ingress])], 3),
        ports);

    [Fact]
    public void A_stack_as_designed_passes_with_one_row_per_service_and_every_port_listed()
    {
        var output = new StringWriter();
        var findings = Findings(new MatrixCell("p-backbone_net", true, null, null, 1), new MatrixCell("p-ingress_net", false, null, null, 1),
            new PortFinding("p-postgres", new LivePort("127.0.0.1", 5432, 5432, "tcp"), true));

        VerifyReport.Print(output, findings);

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.True(findings.Passed);
        Assert.Contains("Containers: all 1 running and healthy", text);
        Assert.Contains("  p-postgres:5432  ✓              ·", text);
        Assert.Contains("    p-postgres 5432/tcp -> 127.0.0.1:5432\n", text);
        Assert.EndsWith("verify: passed\n", text);
    }

    [Fact]
    public void A_leak_a_late_cell_and_a_public_port_are_each_named()
    {
        var output = new StringWriter();
        var findings = Findings(new MatrixCell("p-backbone_net", true, null, "not reached", 2),
            new MatrixCell("p-ingress_net", false, "reached", null, 1),
            new PortFinding("p-postgres", new LivePort("0.0.0.0", 5432, 5432, "tcp"), false));

        VerifyReport.Print(output, findings);

        var text = output.ToString();
        Assert.False(findings.Passed);
        Assert.Contains("✗ p-postgres:5432 from p-ingress_net: expected isolated, reached (on all 3 probe rounds)", text);
        Assert.Contains("note: p-postgres:5432 from p-backbone_net: not reached on probe round 1, as designed on round 2", text);
        Assert.Contains("✗ p-postgres 5432/tcp -> 0.0.0.0:5432  (not loopback)", text);
        Assert.Contains("verify: FAILED", text);
    }
}
