using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>A provider failing in the middle of <c>infra up</c>.</summary>
public sealed class FailureCliTests
{
    [Fact]
    public async Task Cli_up_with_a_failing_provider_exits_1_naming_the_resource_and_the_next_up_reports_the_pending_create()
    {
        using var cli = new CliHarness();
        var provider = new ProviderMock();
        provider.BeforeCreate = r => ProviderMock.NameOf(r.Urn) == "broken"
            ? throw new InvalidOperationException("the provider said no")
            : Task.CompletedTask;
        var program = new TestProgram(root =>
        {
            var ok = new Thing("fine", new ThingArgs { Value = "1" }, root);
            new Thing("broken", new ThingArgs { Link = ok.Out }, root);
        }, provider.Object);

        var first = await cli.RunAsync(program, "up", "-s", "dev", "--yes");

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Contains("test:Thing 'broken'", first.Error);
        Assert.Contains("the provider said no", first.Error);
        // The summary counts what completed, not "no resources".
        Assert.DoesNotContain("no resources", first.Out);
        Assert.Contains("+ 2 created", first.Out); // the stack's resource and 'fine'
        var state = JsonNode.Parse(File.ReadAllText(cli.StatePath()))!["checkpoint"]!["latest"]!;
        Assert.Contains(state["resources"]!.AsArray(), r => ((string)r!["urn"]!).EndsWith("::fine", StringComparison.Ordinal));
        Assert.DoesNotContain(state["resources"]!.AsArray(), r => ((string)r!["urn"]!).EndsWith("::broken", StringComparison.Ordinal));
        var pending = Assert.Single(state["pending_operations"]!.AsArray());
        Assert.Equal("creating", (string?)pending!["type"]);

        provider.BeforeCreate = null;
        var second = await cli.RunAsync(program, "up", "-s", "dev", "--yes");

        Assert.True(second.ExitCode == 0, second.ToString());
        var all = second.Out + second.Error;
        Assert.Contains("Attempting to deploy or update resources with 1 pending operations from previous deployment", all);
        Assert.Contains($"{CliHarness.Urn("broken")}, interrupted while creating", all);
        var after = JsonNode.Parse(File.ReadAllText(cli.StatePath()))!["checkpoint"]!["latest"]!;
        Assert.Null(after["pending_operations"]);
        Assert.Contains(after["resources"]!.AsArray(), r => ((string)r!["urn"]!).EndsWith("::broken", StringComparison.Ordinal));
    }
}
