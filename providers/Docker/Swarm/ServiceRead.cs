using System.Text.Json.Nodes;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// A live service spec as declared inputs, for refresh: the keys a person changes by hand (<c>docker service scale</c>,
/// <c>update --image/--env-add/--constraint-add</c>) are read from the spec; a secret variable reads back as declared while
/// the spec still takes it from its file. Other keys are taken as declared.
/// </summary>
public static class ServiceRead
{
    public static JsonObject Inputs(ServiceSpec live, JsonObject declared)
    {
        var inputs = (JsonObject)declared.DeepClone();
        inputs["name"] = live.Name;
        inputs["replicas"] = (int)(live.Mode?.Replicated?.Replicas ?? 0);
        var container = live.TaskTemplate?.ContainerSpec;
        // Swarm pins the reference it resolved with a digest when a registry answered; a digest declared is kept.
        if (container?.Image is { } image)
            inputs["image"] = declared["image"] is JsonValue d && d.TryGetValue<string>(out var wanted) && wanted.Contains('@') ? image : image.Split('@')[0];
        inputs["env"] = Env(container?.Env ?? [], declared["env"] as JsonObject);
        if (inputs["env"] is JsonObject { Count: 0 } && declared["env"] is null) inputs.Remove("env");
        var constraints = live.TaskTemplate?.Placement?.Constraints ?? [];
        if (constraints.Count > 0 || declared["constraints"] is not null)
            inputs["constraints"] = new JsonArray(constraints.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        return inputs;
    }

    private static JsonObject Env(IEnumerable<string> live, JsonObject? declared)
    {
        var values = live.Select(e => e.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var (key, value) in declared ?? [])
        {
            if (Engine.Properties.Secret.IsSecret(value))
            {
                if (values.ContainsKey($"{key}_FILE")) result[key] = value!.DeepClone();
            }
            else if (values.TryGetValue(key, out var actual)) result[key] = actual;
        }
        var wrapperKeys = (declared ?? []).Where(kv => Engine.Properties.Secret.IsSecret(kv.Value)).Select(kv => $"{kv.Key}_FILE").Append(EnvFromFiles.ListVariable).ToHashSet();
        foreach (var (key, value) in values)
            if (declared?.ContainsKey(key) != true && !wrapperKeys.Contains(key)) result[key] = value;
        return result;
    }
}
