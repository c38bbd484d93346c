using System.Text.Json.Nodes;
using Infra.Ci.Tests.Fixtures;
using Json.Schema;

namespace Infra.Ci.Tests.Preview;

/// <summary>docs/preview.schema.json, loaded once (a schema registers its $id globally).</summary>
public static class PreviewSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repository.PathOf("docs/preview.schema.json"))));

    public static JsonSchema Value => Schema.Value;

    /// <summary>Parses the preview and fails with every schema error when it does not conform.</summary>
    public static JsonObject AssertValid(string json)
    {
        var node = Assert.IsType<JsonObject>(JsonNode.Parse(json));
        var result = Value.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
        Assert.True(result.IsValid, "preview JSON does not match docs/preview.schema.json:\n" + string.Join('\n', errors) + "\n" + json);
        return node;
    }
}
