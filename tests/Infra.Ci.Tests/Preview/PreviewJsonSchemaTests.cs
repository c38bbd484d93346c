using System.Text.Json.Nodes;
using Infra.Ci.Tests.Fixtures;
using Infra.Cli.Composition;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Ci.Tests.Preview;

/// <summary>Real previews, from the CLI, against docs/preview.schema.json.</summary>
public sealed class PreviewJsonSchemaTests : IDisposable
{
    private readonly ProjectFolder _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task A_preview_of_a_new_then_a_changed_stack_matches_the_schema()
    {
        var program = new PasswordsProgram();
        var first = await _project.Cli.RunAsync(program, "preview", "-s", "dev", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var created = PreviewSchema.AssertValid(first.Out);
        Assert.Equal(5, (int)created["changeSummary"]!["create"]!);
        Assert.Empty(created["policyViolations"]!.AsArray());

        Assert.Equal(0, (await _project.Cli.RunAsync(program, "up", "-s", "dev", "--yes")).ExitCode);
        program.Count = 1;
        program.Length = 30;
        var second = await _project.Cli.RunAsync(program, "preview", "-s", "dev", "--json");

        var changed = PreviewSchema.AssertValid(second.Out);
        var ops = changed["steps"]!.AsArray().Select(s => (string)s!["op"]!).ToList();
        Assert.Contains("replace", ops);
        Assert.Contains("delete", ops);
        Assert.Contains("same", ops);
        var admin = changed["steps"]!.AsArray().Single(s => (string)s!["name"]! == "admin")!;
        Assert.Equal(["length"], admin["replaceReasons"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(24, (int)admin["detailedDiff"]![0]!["old"]!);
    }

    [Fact]
    public async Task Policy_violations_come_out_in_the_json_with_exit_1_instead_of_no_preview()
    {
        var program = new PasswordsProgram { Violations = [$"{RandomProvider.PasswordType} 'admin': a rule the test breaks"] };

        var plain = await _project.Cli.RunAsync(program, "preview", "-s", "dev");
        var json = await _project.Cli.RunAsync(program, "preview", "-s", "dev", "--json");

        Assert.True(plain.ExitCode == 1, plain.ToString());
        Assert.Equal("", plain.Out);
        Assert.True(json.ExitCode == 1, json.ToString());
        var digest = PreviewSchema.AssertValid(json.Out);
        Assert.Equal([$"{RandomProvider.PasswordType} 'admin': a rule the test breaks"], digest["policyViolations"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(5, digest["steps"]!.AsArray().Count);
        Assert.Contains($"error: policy violation: {RandomProvider.PasswordType} 'admin': a rule the test breaks", json.Error);
    }

    [Theory]
    [InlineData("vps")]
    [InlineData("demo")]
    public async Task A_preview_of_the_real_stack_files_matches_the_schema_without_reaching_the_docker_host(string stack)
    {
        var cli = new CliRun(Repository.Root);
        cli.Env["INFRA_BACKEND_URL"] = "file://" + _project.BackendDir;
        cli.Env["PULUMI_CONFIG_PASSPHRASE"] = "infra-example";

        var result = await cli.RunAsync(SeedComposition.Create(), "preview", "-s", stack, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var digest = PreviewSchema.AssertValid(result.Out);
        Assert.Equal("selfhosted", (string?)digest["project"]);
        Assert.True((int)digest["changeSummary"]!["create"]! > 40);
        Assert.DoesNotContain(digest["steps"]!.AsArray(), s => (string)s!["op"]! != "create");
        Assert.Contains(digest["steps"]!.AsArray(), s => (string)s!["type"]! == VolumeKind.TypeToken);
    }

    [Fact]
    public void The_documentation_describes_every_field_of_the_schema()
    {
        var doc = File.ReadAllText(Repository.PathOf("docs/preview-json.md"));
        var schema = JsonNode.Parse(File.ReadAllText(Repository.PathOf("docs/preview.schema.json")))!;
        var fields = schema["properties"]!.AsObject().Select(p => p.Key)
            .Concat(schema["$defs"]!["step"]!["properties"]!.AsObject().Select(p => p.Key))
            .Concat(schema["$defs"]!["propertyChange"]!["properties"]!.AsObject().Select(p => p.Key));

        Assert.All(fields, f => Assert.Contains($"| `{f}` |", doc));
    }
}
