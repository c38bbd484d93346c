using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Infra.Engine.Model;

/// <summary>Turns typed argument records into property maps and back.</summary>
public static class InputSerializer
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new OutputRefJsonConverter() },
    };

    public static JsonObject ToProperties(object args) =>
        JsonSerializer.SerializeToNode(args, args.GetType(), Options) as JsonObject
        ?? throw new ArgumentException($"arguments of type {args.GetType().Name} must serialise to an object");

    public static T FromProperties<T>(JsonObject properties) =>
        properties.Deserialize<T>(Options) ?? throw new ArgumentException($"cannot read {typeof(T).Name}");
}
