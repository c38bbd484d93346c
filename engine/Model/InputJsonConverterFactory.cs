using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Infra.Engine.Properties;

namespace Infra.Engine.Model;

/// <summary>Writes an <see cref="Input{T}"/> as its literal, a secret wrapper, or a reference placeholder.</summary>
public sealed class InputJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Input<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(InputConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    internal static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode n => n,
        IOutputRef r => Reference.Output(r.Resource.Urn, r.Key),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), InputSerializer.Options),
    };

    private sealed class InputConverter<T> : JsonConverter<Input<T>>
    {
        public override Input<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader);
            var secret = Secret.IsSecret(node);
            var value = Secret.Reveal(node).Deserialize<T>(options);
            return secret ? Input<T>.Secret(value!) : Input<T>.Of(value!);
        }

        public override void Write(Utf8JsonWriter writer, Input<T> value, JsonSerializerOptions options)
        {
            if (value.Placeholder is { } placeholder)
            {
                placeholder().WriteTo(writer, options);
                return;
            }
            var node = JsonSerializer.SerializeToNode(value.Literal, options);
            (value.IsSecret ? Secret.Wrap(node) : node)?.WriteTo(writer, options);
            if (node is null && !value.IsSecret) writer.WriteNullValue();
        }
    }
}
