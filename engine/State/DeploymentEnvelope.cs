using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Engine.State;

/// <summary>
/// The two wrappings of a deployment: infra's state file (<c>{"version":3,"checkpoint":{…,"latest":{…}}}</c>,
/// Pulumi's checkpoint) and Pulumi's export envelope (<c>{"version":3,"deployment":{…}}</c>), which
/// <c>stack export</c> writes and <c>pulumi stack import</c> reads.
/// </summary>
public static class DeploymentEnvelope
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The deployment (<c>manifest</c>, <c>secrets_providers</c>, <c>resources</c>, <c>pending_operations</c>) in either form.</summary>
    public static JsonObject? Find(JsonObject root) => root["deployment"] as JsonObject ?? root["checkpoint"]?["latest"] as JsonObject;

    /// <summary>A state file (or an envelope already) as Pulumi's export envelope; secrets stay as they are.</summary>
    public static JsonObject ToExport(byte[] checkpoint)
    {
        var root = JsonNode.Parse(checkpoint) as JsonObject ?? throw new StateException("the state is not a JSON object");
        var deployment = Find(root)?.DeepClone() as JsonObject ?? [];
        if (deployment["resources"] is null) deployment["resources"] = new JsonArray();
        return new JsonObject { ["version"] = root["version"]?.DeepClone() ?? CheckpointSerializer.Version, ["deployment"] = deployment };
    }

    public static string Text(JsonNode node) => node.ToJsonString(Indented);
}
