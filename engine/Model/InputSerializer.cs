using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Infra.Engine.Model;

/// <summary>Turns typed argument records into property maps and back.</summary>
public static class InputSerializer
{
    private static readonly List<IJsonTypeInfoResolver> Generated = [];
    private static readonly Lazy<JsonSerializerOptions> Built = new(Build);

    public static JsonSerializerOptions Options => Built.Value;

    /// <summary>
    /// Adds source-generated metadata for argument records (registered by the composition root before the first
    /// run): the same JSON as reflection gives, without reflection's start-up cost. Types it does not know, and any
    /// registration made after the first use, fall back to reflection.
    /// </summary>
    public static void UseGenerated(IJsonTypeInfoResolver resolver)
    {
        lock (Generated)
            if (!Built.IsValueCreated && !Generated.Contains(resolver)) Generated.Add(resolver);
    }

    /// <summary>
    /// Builds the metadata of every type a registered source-generated context declares, on a thread of its own, so
    /// that the first description of a program finds it ready (a command calls it while it waits for its key).
    /// </summary>
    public static void PrepareInBackground()
    {
        Type[] types;
        lock (Generated)
            types = [.. Generated.SelectMany(r => r.GetType().GetCustomAttributesData())
                .Where(a => a.AttributeType == typeof(JsonSerializableAttribute) && a.ConstructorArguments is [{ Value: Type }])
                .Select(a => (Type)a.ConstructorArguments[0].Value!)];
        _ = Task.Run(() =>
        {
            foreach (var type in types) Options.GetTypeInfo(type);
        });
    }

    private static JsonSerializerOptions Build()
    {
        IJsonTypeInfoResolver[] resolvers;
        lock (Generated) resolvers = [.. Generated, new DefaultJsonTypeInfoResolver()];
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new OutputRefJsonConverter() },
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
        };
        options.MakeReadOnly();
        return options;
    }

    public static JsonObject ToProperties(object args) =>
        JsonSerializer.SerializeToNode(args, args.GetType(), Options) as JsonObject
        ?? throw new ArgumentException($"arguments of type {args.GetType().Name} must serialise to an object");

    public static T FromProperties<T>(JsonObject properties) =>
        properties.Deserialize<T>(Options) ?? throw new ArgumentException($"cannot read {typeof(T).Name}");
}
