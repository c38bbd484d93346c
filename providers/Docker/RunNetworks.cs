using System.Text.Json.Nodes;

namespace Infra.Providers.Docker;

/// <summary>The networks (URN, name) one run made or adopted, and those it deleted without making them again.</summary>
public sealed class RunNetworks
{
    private readonly HashSet<(string Urn, string Name)> _made = [];
    private readonly HashSet<(string Urn, string Name)> _deleted = [];

    public bool Any
    {
        get { lock (_made) return _made.Count > 0 || _deleted.Count > 0; }
    }

    public void Made(string urn, JsonObject inputs)
    {
        if (NameOf(inputs) is { } name) lock (_made) _made.Add((urn, name));
    }

    public void Deleted(string urn, JsonObject inputs)
    {
        if (NameOf(inputs) is { } name) lock (_made) _deleted.Add((urn, name));
    }

    public IReadOnlyList<(string Urn, string Name)> Kept()
    {
        lock (_made) return [.. _made];
    }

    public IReadOnlyList<(string Urn, string Name)> Gone()
    {
        lock (_made) return _deleted.Except(_made).ToList();
    }

    private static string? NameOf(JsonObject inputs) => inputs["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
}
