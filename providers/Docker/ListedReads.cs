using Docker.DotNet;
using Docker.DotNet.Models;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>
/// A refresh's reads of networks, volumes and images, fetched with one listing call per kind (filtered to what is
/// read) instead of one inspect each: over ssh:// each call is a round trip, and `--parallel` runs them in waves.
/// The listings carry every field the reads use. Each answer is given once, to the read it was fetched for; a
/// resource the listing did not return (gone, or known by another name), a listing that failed, and any read after a
/// create, update or delete through this connection inspect as before.
/// </summary>
public sealed class ListedReads
{
    private readonly object _gate = new();
    private Dictionary<(string Type, string Key), Task<object?>> _answers = [];

    /// <summary>Starts the listings for <paramref name="reads"/>, forgetting whatever earlier ones were not asked for.</summary>
    public void Start(IReadOnlyList<ReadRequest> reads, Func<CancellationToken, Task<DockerSession>> open, CancellationToken ct)
    {
        var answers = new Dictionary<(string, string), Task<object?>>();
        Add(answers, NetworkKind.TypeToken, reads, r => r.Id, open, ct, async (client, keys, c) =>
            (await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = Filter("id", keys) }, c))
                .Select(n => (n.ID, (object)n)));
        Add(answers, VolumeKind.TypeToken, reads, r => r.Id, open, ct, async (client, keys, c) =>
            ((await client.Volumes.ListAsync(new VolumesListParameters { Filters = Filter("name", keys) }, c)).Volumes ?? [])
                .Select(v => (v.Name, (object)v)));
        Add(answers, ImageKind.TypeToken, reads, ImageKind.NameOf, open, ct, async (client, keys, c) =>
            (await client.Images.ListImagesAsync(new ImagesListParameters { Filters = Filter("reference", keys) }, c))
                .SelectMany(i => (i.RepoTags ?? []).Select(tag => (tag, (object)i))));
        lock (_gate) _answers = answers;
    }

    /// <summary>What the listing found for this read (null: not listed, read it yourself), or null when none was made.</summary>
    public Task<T?>? Take<T>(string type, string key) where T : class
    {
        Task<object?>? answer;
        lock (_gate)
            if (!_answers.Remove((type, key), out answer)) return null;
        return Typed<T>(answer);
    }

    /// <summary>After a change on the host, nothing listed before it is served.</summary>
    public void Forget()
    {
        lock (_gate) if (_answers.Count > 0) _answers = [];
    }

    private static async Task<T?> Typed<T>(Task<object?> answer) where T : class => await answer as T;

    private static void Add(Dictionary<(string, string), Task<object?>> answers, string type, IReadOnlyList<ReadRequest> reads,
        Func<ReadRequest, string?> keyOf, Func<CancellationToken, Task<DockerSession>> open, CancellationToken ct,
        Func<IDockerClient, IReadOnlyList<string>, CancellationToken, Task<IEnumerable<(string Key, object Found)>>> list)
    {
        var keys = reads.Where(r => r.Type == type).Select(keyOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count < 2) return; // one inspect is as cheap as one listing
        var listing = ListAsync(open, keys, list, ct);
        foreach (var key in keys) answers[(type, key)] = FoundAsync(listing, key);
    }

    private static async Task<IReadOnlyDictionary<string, object>> ListAsync(Func<CancellationToken, Task<DockerSession>> open,
        IReadOnlyList<string> keys, Func<IDockerClient, IReadOnlyList<string>, CancellationToken, Task<IEnumerable<(string Key, object Found)>>> list,
        CancellationToken ct)
    {
        try
        {
            var session = await open(ct);
            var found = new Dictionary<string, object>(StringComparer.Ordinal);
            // The filters match parts of ids and names too: only an exact key answers a read.
            foreach (var (key, value) in await list(session.Client, keys, ct)) found.TryAdd(key, value);
            return found;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Dictionary<string, object>(); // each read inspects, and reports what fails then
        }
    }

    private static async Task<object?> FoundAsync(Task<IReadOnlyDictionary<string, object>> listing, string key) =>
        (await listing).GetValueOrDefault(key);

    private static Dictionary<string, IDictionary<string, bool>> Filter(string name, IEnumerable<string> values) =>
        new() { [name] = values.ToDictionary(v => v, _ => true) };
}
