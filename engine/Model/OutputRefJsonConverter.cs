using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Engine.Properties;

namespace Infra.Engine.Model;

/// <summary>Writes an <see cref="OutputRef{T}"/> found anywhere in a value (e.g. inside a dictionary of outputs) as its placeholder.</summary>
public sealed class OutputRefJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(IOutputRef).IsAssignableFrom(typeToConvert);

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = InputJsonConverterFactory.ReferenceTypesOnly)]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : IOutputRef
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("references are written, never read back");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            Reference.Output(value.Resource.Urn, value.Key).WriteTo(writer, options);
    }
}
