using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Infra.Engine.Properties;

namespace Infra.Engine.Model;

/// <summary>Writes an <see cref="Input{T}"/> as its literal, a secret wrapper, or a reference placeholder.</summary>
public sealed class InputJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Input<>);

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = InputJsonConverterFactory.ReferenceTypesOnly)]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(InputConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    /// <summary>Why making a converter's generic type is safe in a native AOT build.</summary>
    internal const string ReferenceTypesOnly =
        "declared over reference types only (string, records), whose instantiations share one precompiled body";

    internal static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        // A copy: one node held in two places (or also by the program) must not become the child of the first.
        JsonNode n => n.DeepClone(),
        IOutputRef r => Reference.Output(r.Resource.Urn, r.Key),
        // Plain collections are walked here, so what they hold needs no serializer metadata of its own.
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double x => JsonValue.Create(x),
        IDictionary d => FromDictionary(d),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(ToNode)]),
        _ => JsonSerializer.SerializeToNode(value, InputSerializer.Options.GetTypeInfo(value.GetType())),
    };

    private static JsonObject FromDictionary(IDictionary dictionary)
    {
        var o = new JsonObject();
        for (var e = dictionary.GetEnumerator(); e.MoveNext();)
            o[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? ""] = ToNode(e.Value);
        return o;
    }

    private sealed class InputConverter<T> : JsonConverter<Input<T>>
    {
        public override Input<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader);
            var secret = Secret.IsSecret(node);
            var value = Secret.Reveal(node).Deserialize((JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
            return secret ? Input<T>.Secret(value!) : Input<T>.Of(value!);
        }

        public override void Write(Utf8JsonWriter writer, Input<T> value, JsonSerializerOptions options)
        {
            if (value.Placeholder is { } placeholder)
            {
                placeholder().WriteTo(writer, options);
                return;
            }
            var node = JsonSerializer.SerializeToNode(value.Literal!, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
            (value.IsSecret ? Secret.Wrap(node) : node)?.WriteTo(writer, options);
            if (node is null && !value.IsSecret) writer.WriteNullValue();
        }
    }
}
