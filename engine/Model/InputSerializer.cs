using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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
    /// registration made after the first use, fall back to reflection where the runtime has it (a native AOT build
    /// has none: every argument record it describes must be in a registered context).
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

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "only where reflection is enabled, never in a native AOT build")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "only where reflection is enabled, never in a native AOT build")]
    private static JsonSerializerOptions Build()
    {
        List<IJsonTypeInfoResolver> resolvers;
        lock (Generated) resolvers = [.. Generated];
        if (JsonSerializer.IsReflectionEnabledByDefault) resolvers.Add(new DefaultJsonTypeInfoResolver());
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new OutputRefJsonConverter() },
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers]),
        };
        // Enums in argument records carry CamelCaseEnumConverter<T>; this covers those of records read by reflection.
        if (RuntimeFeature.IsDynamicCodeSupported) options.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }

    public static JsonObject ToProperties(object args) =>
        JsonSerializer.SerializeToNode(args, Options.GetTypeInfo(args.GetType())) as JsonObject
        ?? throw new ArgumentException($"arguments of type {args.GetType().Name} must serialise to an object");

    public static T FromProperties<T>(JsonObject properties) =>
        properties.Deserialize((JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T))) ?? throw new ArgumentException($"cannot read {typeof(T).Name}");
}
