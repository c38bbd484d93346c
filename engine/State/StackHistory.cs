using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Engine.State;

/// <summary>
/// A stack's history next to its state, on the same storage: <c>stacks/&lt;project&gt;/&lt;stack&gt;.history/&lt;version&gt;.json</c>
/// (the checkpoint each operation started from) and <c>index.json</c> (what each operation did), the last
/// <see cref="Limit"/> operations only. Written under the stack's lock.
/// </summary>
public sealed class StackHistory(IBlobStorage storage, string project, string stack, int limit = StackHistory.DefaultLimit)
{
    public const int DefaultLimit = 25;

    public int Limit { get; } = limit;
    public string Folder => $"stacks/{project}/{stack}.history";
    public string IndexPath => $"{Folder}/index.json";
    public string CheckpointPath(int version) => $"{Folder}/{version}.json";

    /// <summary>Newest first, as <c>pulumi stack history</c> lists them.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> ListAsync(CancellationToken ct)
    {
        var content = await storage.ReadAsync(IndexPath, ct);
        if (content is null) return [];
        try
        {
            var entries = (JsonNode.Parse(content) as JsonArray ?? throw new JsonException("not a list")).Select(n => Read((JsonObject)n!)).ToList();
            return entries.OrderByDescending(e => e.Version).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidCastException or NullReferenceException or FormatException)
        {
            throw new StateException($"history index {storage.Location}/{IndexPath} is corrupt: {e.Message}");
        }
    }

    public Task<byte[]?> ReadCheckpointAsync(int version, CancellationToken ct) => storage.ReadAsync(CheckpointPath(version), ct);

    /// <summary>Stores <paramref name="checkpoint"/> as the next version with what the operation did, then drops the oldest beyond the limit.</summary>
    public async Task<HistoryEntry> AppendAsync(string kind, DateTimeOffset start, string result, ResourceChanges changes, byte[] checkpoint, CancellationToken ct) =>
        await CompleteAsync(await PrepareAsync(checkpoint, ct), kind, start, result, changes, ct);

    /// <summary>
    /// The first half of <see cref="AppendAsync"/>, done while the operation runs: stores the checkpoint it starts from
    /// as the next version. The checkpoint goes first so that an index entry never names a file that is not there; one
    /// that no entry names (the operation was declined, or killed) is replaced by the next operation's.
    /// </summary>
    public async Task<PreparedEntry> PrepareAsync(byte[] checkpoint, CancellationToken ct)
    {
        var entries = (await ListAsync(ct)).Reverse().ToList();
        var version = entries.Count == 0 ? 1 : entries[^1].Version + 1;
        await storage.WriteAtomicAsync(CheckpointPath(version), checkpoint, ct);
        return new PreparedEntry(version, entries);
    }

    /// <summary>The second half of <see cref="AppendAsync"/>: the entry in the index, then the oldest dropped beyond the limit.</summary>
    public async Task<HistoryEntry> CompleteAsync(PreparedEntry prepared, string kind, DateTimeOffset start, string result, ResourceChanges changes, CancellationToken ct)
    {
        var entry = new HistoryEntry(prepared.Version, kind, start, DateTimeOffset.UtcNow, result, changes);
        var entries = prepared.Entries.Append(entry).ToList();
        var dropped = entries.Take(Math.Max(0, entries.Count - Limit)).ToList();
        var kept = entries.Skip(dropped.Count).ToList();
        await storage.WriteAtomicAsync(IndexPath, JsonBytes.Of(new JsonArray(kept.Select(e => (JsonNode)Write(e)).ToArray()), JsonBytes.Indented),
            dropped.Select(old => CheckpointPath(old.Version)).ToList(), ct);
        return entry;
    }

    /// <summary>Removes the checkpoint <see cref="PrepareAsync"/> stored for an operation that records nothing.</summary>
    public Task DiscardAsync(PreparedEntry prepared, CancellationToken ct) => storage.DeleteAsync(CheckpointPath(prepared.Version), ct);

    /// <summary>The version an operation's entry will have, and the entries before it (oldest first).</summary>
    public sealed record PreparedEntry(int Version, IReadOnlyList<HistoryEntry> Entries);

    public static JsonObject Write(HistoryEntry e) => new()
    {
        ["version"] = e.Version,
        ["kind"] = e.Kind,
        ["startTime"] = e.StartTime.ToString("O"),
        ["endTime"] = e.EndTime.ToString("O"),
        ["result"] = e.Result,
        ["resourceChanges"] = new JsonObject
        {
            ["create"] = e.ResourceChanges.Create, ["update"] = e.ResourceChanges.Update, ["replace"] = e.ResourceChanges.Replace,
            ["delete"] = e.ResourceChanges.Delete, ["same"] = e.ResourceChanges.Same,
        },
    };

    private static HistoryEntry Read(JsonObject o)
    {
        var c = o["resourceChanges"] as JsonObject ?? [];
        int Count(string key) => c[key]?.GetValue<int>() ?? 0;
        return new HistoryEntry(o["version"]!.GetValue<int>(), o["kind"]!.GetValue<string>(),
            DateTimeOffset.Parse(o["startTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(o["endTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            o["result"]!.GetValue<string>(),
            new ResourceChanges(Count("create"), Count("update"), Count("replace"), Count("delete"), Count("same")));
    }
}
