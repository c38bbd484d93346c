using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Properties;

namespace Infra.Providers.Docker;

/// <summary>Reads a resource's property map back into its typed arguments.</summary>
public static class DeclaredInputs
{
    /// <summary>Text that stands for a value only known once a dependency exists (at plan time).</summary>
    public const string UnknownText = "[unknown]";

    /// <summary>Plaintext arguments; values still unknown at plan time read as <see cref="UnknownText"/>.</summary>
    public static T Read<T>(JsonObject inputs) =>
        InputSerializer.FromProperties<T>((JsonObject)WithoutUnknowns(Secret.RevealAll(inputs))!);

    /// <summary>Like <see cref="Read{T}"/>, but a malformed map becomes a check failure.</summary>
    public static bool TryRead<T>(JsonObject inputs, out T? value, out string error)
    {
        try
        {
            value = Read<T>(inputs);
            error = "";
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            value = default;
            error = $"invalid inputs: {e.Message}";
            return false;
        }
    }

    /// <summary>The object name: the declared <c>name</c>, or the resource's logical name.</summary>
    public static JsonObject WithDefaultName(JsonObject news, string urn)
    {
        var inputs = (JsonObject)news.DeepClone();
        if (inputs["name"] is null) inputs["name"] = Urn.Parse(urn).Name;
        return inputs;
    }

    private static JsonNode? WithoutUnknowns(JsonNode? node) => node switch
    {
        null => null,
        _ when Unknown.Is(node) => JsonValue.Create(UnknownText),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, WithoutUnknowns(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutUnknowns).ToArray()),
        _ => node.DeepClone(),
    };
}
