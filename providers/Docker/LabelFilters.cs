namespace Infra.Providers.Docker;

/// <summary>The <c>filters</c> query parameter of Docker's list calls.</summary>
public static class LabelFilters
{
    public static IDictionary<string, IDictionary<string, bool>> Name(string name) =>
        new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } };

    /// <summary>Objects carrying every one of these labels.</summary>
    public static IDictionary<string, IDictionary<string, bool>> Labels(params (string Key, string Value)[] labels) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels.ToDictionary(l => $"{l.Key}={l.Value}", _ => true) };
}
