using System.Text.Json.Nodes;

namespace Infra.Engine.Properties;

/// <summary>Deep, property-level comparison of two property maps. Secrets compare by plaintext.</summary>
public static class PropertyDiff
{
    public static IReadOnlyList<PropertyChange> Compute(JsonObject? olds, JsonObject? news)
    {
        var changes = new List<PropertyChange>();
        CompareObjects("", olds ?? [], news ?? [], changes);
        return changes;
    }

    /// <summary>The top-level keys that differ (what a provider's diff and an update request name), in the order found.</summary>
    public static IReadOnlyList<string> ChangedKeys(JsonObject? olds, JsonObject? news) => ChangedKeys(Compute(olds, news));

    public static IReadOnlyList<string> ChangedKeys(IEnumerable<PropertyChange> changes) => changes.Select(c => c.TopLevelKey).Distinct().ToList();

    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (Unknown.Is(a) || Unknown.Is(b)) return false;
        if (Secret.IsSecret(a) || Secret.IsSecret(b))
            return Secret.IsSecret(a) == Secret.IsSecret(b) && DeepEquals(Secret.Reveal(a), Secret.Reveal(b));
        return JsonNode.DeepEquals(a, b);
    }

    private static void Compare(string path, JsonNode? old, JsonNode? @new, List<PropertyChange> into)
    {
        if (DeepEquals(old, @new)) return;
        if (old is JsonObject oo && @new is JsonObject no && !Secret.IsSecret(oo) && !Secret.IsSecret(no) && !Unknown.Is(no))
        {
            CompareObjects(path, oo, no, into);
            return;
        }
        if (old is JsonArray oa && @new is JsonArray na && oa.Count == na.Count)
        {
            for (var i = 0; i < oa.Count; i++) Compare($"{path}[{i}]", oa[i], na[i], into);
            return;
        }
        into.Add(new PropertyChange(path, ChangeKind.Update, old?.DeepClone(), @new?.DeepClone()));
    }

    private static void CompareObjects(string prefix, JsonObject olds, JsonObject news, List<PropertyChange> into)
    {
        foreach (var (key, oldValue) in olds)
        {
            var path = Join(prefix, key);
            if (!news.TryGetPropertyValue(key, out var newValue))
            {
                if (oldValue is not null) into.Add(new PropertyChange(path, ChangeKind.Delete, oldValue.DeepClone(), null));
                continue;
            }
            Compare(path, oldValue, newValue, into);
        }
        foreach (var (key, newValue) in news)
            if (!olds.ContainsKey(key) && newValue is not null)
                into.Add(new PropertyChange(Join(prefix, key), ChangeKind.Add, null, newValue.DeepClone()));
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : $"{prefix}.{key}";

    /// <summary>
    /// Wraps values in <paramref name="fresh"/> as secrets wherever the same place in <paramref name="reference"/>
    /// is secret: what a provider reads or returns stays as secret as what was declared.
    /// </summary>
    public static JsonNode? KeepSecrets(JsonNode? reference, JsonNode? fresh)
    {
        if (fresh is null) return null;
        // A clone: the caller puts the result into a new tree, and a node can have only one parent.
        if (Secret.IsSecret(fresh)) return fresh.DeepClone();
        if (Secret.IsSecret(reference)) return Secret.Wrap(fresh);
        if (reference is JsonObject ro && fresh is JsonObject fo)
            return new JsonObject(fo.Select(kv => KeyValuePair.Create(kv.Key,
                ro.TryGetPropertyValue(kv.Key, out var r) ? KeepSecrets(r, kv.Value) : kv.Value?.DeepClone())));
        if (reference is JsonArray ra && fresh is JsonArray fa)
            return new JsonArray(fa.Select((v, i) => i < ra.Count ? KeepSecrets(ra[i], v) : v?.DeepClone()).ToArray());
        return fresh.DeepClone();
    }

    public static JsonObject KeepSecrets(JsonObject reference, JsonObject fresh) => (JsonObject)KeepSecrets((JsonNode)reference, fresh)!;

    /// <summary>A shallow merge: <paramref name="overlay"/> keys win.</summary>
    public static JsonObject Merge(JsonObject @base, JsonObject? overlay)
    {
        var result = (JsonObject)@base.DeepClone();
        if (overlay is null) return result;
        foreach (var (k, v) in overlay) result[k] = v?.DeepClone();
        return result;
    }

    /// <summary>Reads the value at a dotted path (no array indexes), or null.</summary>
    public static JsonNode? At(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
        return node;
    }

    /// <summary>Sets (or removes, when value is null and absent) the value at a dotted path.</summary>
    public static void SetAt(JsonObject obj, string path, JsonNode? value, bool present)
    {
        var parts = path.Split('.');
        var target = obj;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject child) { if (!present) return; child = []; target[part] = child; }
            target = child;
        }
        if (present) target[parts[^1]] = value?.DeepClone();
        else target.Remove(parts[^1]);
    }
}
