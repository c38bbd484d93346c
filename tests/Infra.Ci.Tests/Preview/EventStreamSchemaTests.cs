using System.Text.Json.Nodes;
using Infra.Ci.Tests.Fixtures;
using Json.Schema;

namespace Infra.Ci.Tests.Preview;

/// <summary><c>up|refresh|destroy --json</c>: every line a JSON event that matches docs/events.schema.json, no secret in it.</summary>
public sealed class EventStreamSchemaTests : IDisposable
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repository.PathOf("docs/events.schema.json"))));
    private readonly ProjectFolder _project = new();

    public void Dispose() => _project.Dispose();

    private static List<JsonObject> Events(string stdout)
    {
        var events = new List<JsonObject>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var node = Assert.IsType<JsonObject>(JsonNode.Parse(line));
            var result = Schema.Value.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, "event does not match docs/events.schema.json: " + line);
            events.Add(node);
        }
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => (int)e["sequence"]!));
        return events;
    }

    /// <summary>The password strings of a secret as <c>stack export --show-secrets</c> writes it (whatever its envelope).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length >= 12 && !s.StartsWith("4dabf18193072939515e22adb298388d", StringComparison.Ordinal) => [s],
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        _ => [],
    };

    [Fact]
    public async Task Up_refresh_and_destroy_print_events_that_match_the_schema_and_hide_secrets()
    {
        var program = new PasswordsProgram();

        var up = await _project.Cli.RunAsync(program, "up", "-s", "dev", "--yes", "--json");

        Assert.True(up.ExitCode == 0, up.ToString());
        var events = Events(up.Out);
        Assert.Equal("preludeEvent", (string)events[0]["type"]!);
        Assert.Equal("summaryEvent", (string)events[^1]["type"]!);
        Assert.Equal("succeeded", (string)events[^1]["result"]!);
        Assert.Contains(events, e => (string)e["type"]! == "resOutputsEvent" && (string?)e["outputs"]?["result"] == "[secret]");
        var export = (await _project.Cli.RunAsync(program, "stack", "export", "-s", "dev", "--show-secrets")).Out;
        var plaintexts = JsonNode.Parse(export)!["deployment"]!["resources"]!.AsArray().SelectMany(r => Strings(r!["outputs"]?["result"])).ToList();
        Assert.NotEmpty(plaintexts);
        foreach (var plaintext in plaintexts) Assert.DoesNotContain(plaintext, up.Out);

        var refresh = await _project.Cli.RunAsync(program, "refresh", "-s", "dev", "--yes", "--json");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Contains(Events(refresh.Out), e => (string?)e["op"] == "refresh");

        var destroy = await _project.Cli.RunAsync(program, "destroy", "-s", "dev", "--yes", "--json");
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        var destroyed = Events(destroy.Out);
        Assert.Contains(destroyed, e => (string?)e["op"] == "delete");
        Assert.Equal("succeeded", (string)destroyed[^1]["result"]!);
    }
}
