namespace Infra.Providers.Docker;

/// <summary>The <c>filters</c> query parameter of Docker's list calls.</summary>
public static class LabelFilters
{
    public static IDictionary<string, IDictionary<string, bool>> Name(string name) =>
        new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } };

    public static IDictionary<string, IDictionary<string, bool>> Label(string key, string value) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{key}={value}"] = true } };
}
