using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>Creates a service's configs and secrets (once: the name says the content) and removes those it no longer uses.</summary>
public static class SwarmObjectStore
{
    public static async Task<IReadOnlyList<(SwarmObject Object, string Id)>> EnsureAsync(IDockerClient client, IReadOnlyList<SwarmObject> objects,
        string urn, CancellationToken ct)
    {
        if (objects.Count == 0) return [];
        var secrets = (await client.Secrets.ListAsync(ct)).Where(s => s.Spec?.Name is not null).ToDictionary(s => s.Spec!.Name!, s => s.ID!, StringComparer.Ordinal);
        var configs = (await client.Configs.ListConfigsAsync(ct)).Where(c => c.Spec?.Name is not null).ToDictionary(c => c.Spec!.Name!, c => c.ID!, StringComparer.Ordinal);
        var result = new List<(SwarmObject, string)>();
        foreach (var o in objects)
        {
            var known = o.Kind == SwarmObjectKind.Secret ? secrets : configs;
            if (known.TryGetValue(o.Name, out var id)) { result.Add((o, id)); continue; }
            var labels = new Dictionary<string, string> { [InfraLabels.Urn] = urn };
            id = o.Kind == SwarmObjectKind.Secret
                ? (await DockerErrors.WrapAsync($"creating secret '{o.Name}'", () => client.Secrets.CreateAsync(
                    new SwarmSecretSpec { Name = o.Name, Data = o.Data, Labels = labels }, ct))).ID!
                : (await DockerErrors.WrapAsync($"creating config '{o.Name}'", () => client.Configs.CreateConfigAsync(
                    new SwarmCreateConfigParameters { Config = new SwarmConfigSpec { Name = o.Name, Data = o.Data, Labels = labels } }, ct))).ID!;
            result.Add((o, id));
        }
        return result;
    }

    /// <summary>Removes this resource's configs and secrets other than <paramref name="keep"/>; one still in use stays for the next run.</summary>
    public static async Task RemoveUnusedAsync(IDockerClient client, string urn, IReadOnlySet<string> keep, CancellationToken ct)
    {
        foreach (var s in await client.Secrets.ListAsync(ct))
            if (Owned(s.Spec?.Labels, urn) && !keep.Contains(s.Spec!.Name!))
                await IgnoringInUse(() => client.Secrets.DeleteAsync(s.ID!, ct));
        foreach (var c in await client.Configs.ListConfigsAsync(ct))
            if (Owned(c.Spec?.Labels, urn) && !keep.Contains(c.Spec!.Name!))
                await IgnoringInUse(() => client.Configs.RemoveConfigAsync(c.ID!, ct));
    }

    private static bool Owned(IDictionary<string, string>? labels, string urn) => InfraLabels.IsOwnedBy(labels, urn);

    private static async Task IgnoringInUse(Func<Task> remove)
    {
        try { await remove(); }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e) || e.StatusCode == System.Net.HttpStatusCode.BadRequest) { }
    }
}
