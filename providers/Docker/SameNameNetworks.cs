using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// Docker lets two networks share a name (only its CLI asks the daemon to refuse); a container that names such a network
/// then fails to create or start ("ambiguous"). It happens here when a run is killed while dockerd still has its
/// network creates queued: they land later, whenever dockerd gets to them, possibly after the next run looked the name
/// up and made or adopted its own. No moment can be waited for, so every place that touches a network by name settles
/// the duplicates it sees, by one rule: the network with containers attached (the oldest of those), else the oldest,
/// is kept; the others that carry the same owner's URN and have nothing attached are removed. Containers are attached
/// by id, never by name, so a duplicate landing after that cannot break them.
/// </summary>
public static class SameNameNetworks
{
    private static readonly HashSet<string> Predefined = ["bridge", "host", "none", "default"];

    /// <summary>Docker's own networks and modes, always named (the daemon special-cases their names).</summary>
    public static bool IsPredefined(string name) => Predefined.Contains(name) || name.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>
    /// For each network name a container declares, the id to attach it by (the name itself for Docker's own networks
    /// and for a name no network has: the daemon's error then names it). One list call; an inspect per duplicate.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IDockerClient client, IEnumerable<string> names,
        IProgress<string>? progress, CancellationToken ct)
    {
        var wanted = names.Where(n => !IsPredefined(n)).ToHashSet(StringComparer.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Count == 0) return ids;
        var all = await DockerErrors.WrapAsync("listing networks", () => client.Networks.ListNetworksAsync(new NetworksListParameters(), ct));
        foreach (var name in wanted)
        {
            var same = all.Where(n => n.Name == name).ToList();
            if (same.Count == 0) continue;
            ids[name] = same.Count == 1 ? same[0].ID : await KeepOneAsync(client, name, same, owner: null, progress, ct);
        }
        return ids;
    }

    /// <summary>The id of the network of this name to keep among those <paramref name="owner"/> owns (all, when null); see the type's summary.</summary>
    public static async Task<string?> SettleAsync(IDockerClient client, string name, string owner, IProgress<string>? progress, CancellationToken ct)
    {
        var same = await ListAsync(client, name, ct);
        var mine = same.Where(n => InfraLabels.IsOwnedBy(n.Labels, owner)).ToList();
        return mine.Count switch
        {
            0 => null,
            1 => mine[0].ID,
            _ => await KeepOneAsync(client, name, mine, owner, progress, ct),
        };
    }

    /// <summary>Removes every network of this name <paramref name="owner"/> owns but <paramref name="keptId"/> (a destroy leaves none behind).</summary>
    public static async Task RemoveOthersAsync(IDockerClient client, string name, string owner, string keptId, CancellationToken ct)
    {
        foreach (var other in (await ListAsync(client, name, ct)).Where(n => n.ID != keptId && InfraLabels.IsOwnedBy(n.Labels, owner)))
            await RemoveAsync(client, other.ID, ct);
    }

    private static async Task<string> KeepOneAsync(IDockerClient client, string name, IList<NetworkResponse> same, string? owner,
        IProgress<string>? progress, CancellationToken ct)
    {
        var inspected = new List<NetworkResponse>();
        foreach (var n in same)
            if (await DockerErrors.OrNullWhenMissing(() => client.Networks.InspectNetworkAsync(n.ID, ct)) is { } live) inspected.Add(live);
        var ordered = inspected
            .OrderByDescending(n => n.Containers is { Count: > 0 })
            .ThenBy(n => n.Created).ThenBy(n => n.ID, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0) return same[0].ID;
        var kept = ordered[0];
        var keptOwner = kept.Labels is { } labels && labels.TryGetValue(InfraLabels.Urn, out var urn) ? urn : null;
        if (keptOwner is null || (owner is not null && keptOwner != owner)) return kept.ID;
        foreach (var extra in ordered.Skip(1).Where(n => n.Containers is not { Count: > 0 } && InfraLabels.IsOwnedBy(n.Labels, keptOwner)))
        {
            progress?.Report($"removing a second network named {name} ({ObjectNames.Short(extra.ID)}) left by an interrupted run");
            await RemoveAsync(client, extra.ID, ct);
        }
        return kept.ID;
    }

    private static async Task<IList<NetworkResponse>> ListAsync(IDockerClient client, string name, CancellationToken ct) =>
        (await DockerErrors.WrapAsync($"listing networks named '{name}'",
            () => client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilters.Name(name) }, ct)))
        .Where(n => n.Name == name).ToList();

    private static async Task RemoveAsync(IDockerClient client, string id, CancellationToken ct)
    {
        try { await client.Networks.DeleteNetworkAsync(id, ct); }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e)) { }
        // A container was attached meanwhile: the network is in use, so it stays.
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden) { }
    }
}
