using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>preview --json</c>: Pulumi's PreviewDigest shape, secrets masked.</summary>
public sealed class PreviewJsonTests : IDisposable
{
    private const string Plaintext = "hunter2-plaintext-value";
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();
    private string _extra = "1";

    public void Dispose() => _cli.Dispose();

    private TestProgram Program() => new(root =>
    {
        var db = new Thing("db", new ThingArgs { Value = Input<string>.Secret(Plaintext) }, root);
        new Thing("app", new ThingArgs { Link = db.Out, Extra = _extra }, root);
    }, _provider.Object);

    private async Task<JsonObject> PreviewJson()
    {
        var result = await _cli.RunAsync(Program(), "preview", "-s", "dev", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(Plaintext, result.Out);
        return Assert.IsType<JsonObject>(JsonNode.Parse(result.Out));
    }

    [Fact]
    public async Task Preview_json_is_valid_json_with_steps_and_change_summary_and_masks_secrets()
    {
        var digest = await PreviewJson();

        var steps = digest["steps"]!.AsArray();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.Equal("create", (string?)s!["op"]));
        Assert.Equal(
            ["urn:infra:dev::proj::infra:infra:Stack::proj-dev", CliHarness.Urn("db"), CliHarness.Urn("app")],
            steps.Select(s => (string)s!["urn"]!));
        Assert.Equal(3, (int)digest["changeSummary"]!["create"]!);
        Assert.True((bool)digest["hasChanges"]!);
        var db = steps.Single(s => (string)s!["urn"]! == CliHarness.Urn("db"))!;
        var value = db["detailedDiff"]!.AsArray().Single(d => (string)d!["path"]! == "value")!;
        Assert.Equal("[secret]", (string?)value["new"]);
        Assert.Empty(_provider.Mutations);

        // After an update the secret comes back from the (encrypted) state and is still masked.
        var up = await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes", "--diff");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.DoesNotContain(Plaintext, up.Out + up.Error);
        Assert.DoesNotContain(Plaintext, await File.ReadAllTextAsync(_cli.StatePath()));
        _extra = "2";

        digest = await PreviewJson();

        Assert.Equal(["same", "same", "update"], digest["steps"]!.AsArray().Select(s => (string)s!["op"]!));
        Assert.Equal(2, (int)digest["changeSummary"]!["same"]!);
        Assert.Equal(1, (int)digest["changeSummary"]!["update"]!);
        var app = digest["steps"]!.AsArray().Single(s => (string)s!["op"]! == "update")!;
        Assert.Equal(["extra"], app["diffReasons"]!.AsArray().Select(r => (string)r!));
    }
}
