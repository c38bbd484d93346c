using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Engine.State;

/// <summary>
/// The UTF-8 text of a JSON node, written by <see cref="Utf8JsonWriter"/>: the same bytes as
/// <c>JsonSerializer.SerializeToUtf8Bytes</c> with the same settings, without the serializer's reflection (which a
/// native AOT build does not have).
/// </summary>
public static class JsonBytes
{
    /// <summary>Indented; relaxed escaping writes '+' in base64 ciphertexts as Pulumi does, not as \u002B.</summary>
    public static readonly JsonWriterOptions Relaxed = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Indented, default escaping.</summary>
    public static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>One line, default escaping.</summary>
    public static readonly JsonWriterOptions Compact = new();

    public static byte[] Of(JsonNode node, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options)) node.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
