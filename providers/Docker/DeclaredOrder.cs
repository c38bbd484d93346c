namespace Infra.Providers.Docker;

/// <summary>
/// Lists read back from Docker in the order the program declared them, extras after (sorted), so a
/// refresh shows only real differences and never a reordering.
/// </summary>
public static class DeclaredOrder
{
    public static List<T> Arrange<T>(IEnumerable<T> live, IEnumerable<T> declared, Func<T, string> key)
    {
        var byKey = live.GroupBy(key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var d in declared)
            if (byKey.Remove(key(d), out var match)) result.Add(match);
        result.AddRange(byKey.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value));
        return result;
    }
}
