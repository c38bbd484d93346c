using System.Collections.Concurrent;

namespace Infra.Providers.Docker;

/// <summary>
/// The Docker API requests one connection made, by kind: method and path with names, ids and the
/// version prefix taken out (<c>GET /containers/{}/json</c> is an inspect, <c>GET /containers/json</c> a list).
/// Counted over unix sockets and ssh:// (the transports whose socket this code opens), not over tcp://.
/// </summary>
public sealed class DockerApiCalls
{
    private static readonly HashSet<string> CollectionActions = new(StringComparer.Ordinal) { "json", "create", "prune", "build", "load" };
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Record(string method, string target)
    {
        var path = target.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && segments[0].StartsWith('v') && segments[0].Length > 1 && char.IsDigit(segments[0][1])) segments.RemoveAt(0);
        var kind = segments.Count switch
        {
            0 => "/",
            1 => $"/{segments[0]}",
            2 when CollectionActions.Contains(segments[1]) => $"/{segments[0]}/{segments[1]}",
            2 => $"/{segments[0]}/{{}}",
            // Image names hold slashes: what lies between the collection and the action is one name.
            _ => $"/{segments[0]}/{{}}/{segments[^1]}",
        };
        _counts.AddOrUpdate($"{method} {kind}", 1, (_, n) => n + 1);
    }

    /// <summary>Calls so far, by kind.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    public int Count(string kind) => _counts.GetValueOrDefault(kind);

    public int Total => _counts.Values.Sum();
}
