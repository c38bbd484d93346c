using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infra.Engine.Model;

/// <summary>
/// An enum of an argument record as its camel-cased name (<c>[JsonConverter(typeof(CamelCaseEnumConverter&lt;T&gt;))]</c>
/// on the enum): what the serializer's reflection-based string converter writes, known at compile time.
/// </summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase) where T : struct, Enum;
