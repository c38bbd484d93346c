using System.Text.Json.Nodes;
using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary><c>stack export</c> writes Pulumi's envelope; <c>stack import</c> takes it back and refuses what would lose the record.</summary>
public sealed class StackImportExportTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    private TestProgram Program() => new(root =>
    {
        var a = new Thing("a", new ThingArgs { Value = "1" }, root);
        new Thing("b", new ThingArgs { Link = a.Out }, root);
    }, _provider.Object);

    private async Task<string> DeployAndExportAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes")).ExitCode);
        var export = await _cli.RunAsync(Program(), "stack", "export", "-s", "dev");
        Assert.True(export.ExitCode == 0, export.ToString());
        return export.Out;
    }

    private string WriteFile(string content)
    {
        var path = Path.Combine(_cli.Root, $"import-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Export_writes_pulumis_envelope_and_import_of_it_restores_every_resource()
    {
        var exported = JsonNode.Parse(await DeployAndExportAsync())!;

        Assert.Equal(3, (int)exported["version"]!);
        Assert.Null(exported["checkpoint"]);
        var deployment = exported["deployment"]!;
        Assert.NotNull(deployment["manifest"]);
        Assert.Equal(3, deployment["resources"]!.AsArray().Count); // two things and the stack's own resource

        var file = WriteFile(exported.ToJsonString());
        File.Delete(_cli.StatePath());
        var import = await _cli.RunAsync(Program(), "stack", "import", "-s", "dev", "--file", file);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("Import complete: 3 resources.", import.Out);
        var preview = await _cli.RunAsync(Program(), "preview", "-s", "dev", "--expect-no-changes");
        Assert.True(preview.ExitCode == 0, preview.ToString());
    }

    [Fact]
    public async Task Import_accepts_infras_own_state_file_form()
    {
        await DeployAndExportAsync();
        var file = WriteFile(await File.ReadAllTextAsync(_cli.StatePath()));

        var import = await _cli.RunAsync(Program(), "stack", "import", "-s", "dev", "--file", file);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("Import complete: 3 resources.", import.Out);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "not json", "this is {not JSON at all SECRET-CONTENT", "is not JSON" },
        { "no resources", """{"version":3,"deployment":{"manifest":{"time":"2024-01-01T00:00:00Z"}}}""", "has no resources section" },
        { "no deployment", """{"version":3,"something":{}}""", "has no deployment" },
        { "newer", """{"version":4,"deployment":{"resources":[]}}""", "version 4, newer" },
        { "other stack", """{"version":3,"deployment":{"resources":[{"urn":"urn:infra:prod::proj::test:Thing::a","type":"test:Thing","custom":true}]}}""", "stack 'prod'" },
        { "other project", """{"version":3,"deployment":{"resources":[{"urn":"urn:infra:dev::other::test:Thing::a","type":"test:Thing","custom":true}]}}""", "project 'other'" },
        { "unknown type", """{"version":3,"deployment":{"resources":[{"urn":"urn:infra:dev::proj::aws:Bucket::a","type":"aws:Bucket","custom":true}]}}""", "type 'aws:Bucket', which no provider of this program knows" },
        { "pulumi", """{"version":3,"deployment":{"manifest":{},"resources":[{"urn":"urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev","type":"pulumi:pulumi:Stack","custom":false},{"urn":"urn:pulumi:dev::proj::docker:index/container:Container::n8n","type":"docker:index/container:Container","custom":true}]}}""", "is Pulumi's state" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Import_refuses_a_file_that_would_lose_the_record_with_one_line_exit_2_and_leaves_the_state_alone(string _, string content, string why)
    {
        await DeployAndExportAsync();
        var before = await File.ReadAllBytesAsync(_cli.StatePath());
        var file = WriteFile(content);

        var result = await _cli.RunAsync(Program(), "stack", "import", "-s", "dev", "--file", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file, line);
        Assert.Contains(why, line);
        Assert.DoesNotContain("SECRET-CONTENT", line);
        Assert.Equal(before, await File.ReadAllBytesAsync(_cli.StatePath()));
        Assert.False(File.Exists(_cli.LockPath()));
    }

    [Fact]
    public async Task Pulumis_state_is_named_as_such_and_not_translated()
    {
        var file = WriteFile("""{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:dev::proj::docker:index/container:Container::n8n","type":"docker:index/container:Container"}]}}""");

        var result = await _cli.RunAsync(Program(), "stack", "import", "-s", "dev", "--file", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("infra does not translate Pulumi's state", result.Error);
        Assert.False(File.Exists(_cli.StatePath()));
    }

    [Fact]
    public async Task Force_imports_a_file_of_another_stack_as_pulumi_does()
    {
        var file = WriteFile("""{"version":3,"deployment":{"resources":[{"urn":"urn:infra:prod::proj::test:Thing::a","type":"test:Thing","custom":true,"id":"a-1"}]}}""");

        var result = await _cli.RunAsync(Program(), "stack", "import", "-s", "dev", "--file", file, "--force");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("urn:infra:prod::proj::test:Thing::a", await File.ReadAllTextAsync(_cli.StatePath()));
    }

    [Fact]
    public async Task A_missing_file_is_one_line_exit_2()
    {
        var result = await _cli.RunAsync(Program(), "stack", "import", "-s", "dev", "--file", Path.Combine(_cli.Root, "nope.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.json does not exist", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
