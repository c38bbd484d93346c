using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Engine.State;

/// <summary>What <c>stack ls</c> and <c>stack rm</c> need from a stored checkpoint, read without decrypting anything.</summary>
public sealed record CheckpointSummary(int ResourceCount, DateTimeOffset? LastUpdate)
{
    public static CheckpointSummary Read(byte[] content, string location)
    {
        try
        {
            var latest = JsonNode.Parse(content)?["checkpoint"]?["latest"];
            var count = (latest?["resources"] as JsonArray)?.Count ?? 0;
            var time = latest?["manifest"]?["time"]?.GetValue<string>() is { } t
                && DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed : (DateTimeOffset?)null;
            return new CheckpointSummary(count, time);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new StateException($"state file {location} is corrupt: {e.Message}");
        }
    }
}
