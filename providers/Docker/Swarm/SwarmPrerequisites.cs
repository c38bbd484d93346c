using System.Text.Json.Nodes;
using Docker.DotNet;
using Infra.Engine.Planning;

namespace Infra.Providers.Docker;

/// <summary>
/// What <c>docker:Service</c> resources need of the host: a swarm manager, and for every placement constraint on a node
/// label at least one node that carries the label (otherwise Swarm would keep the tasks pending forever).
/// </summary>
public static class SwarmPrerequisites
{
    public static async Task<string?> CheckAsync(IDockerClient client, string host, IReadOnlyList<DesiredResource> resources, CancellationToken ct)
    {
        var services = resources.Where(r => r.Type == ServiceKind.TypeToken).ToList();
        if (services.Count == 0) return null;
        try { await client.Swarm.InspectSwarmAsync(ct); }
        catch (DockerApiException e)
        {
            return $"Docker host {host} is not a swarm manager ({DockerErrors.MessageOf(e).TrimEnd('.')}): the stack's services need swarm mode; "
                + "run `docker swarm init` there, or point docker:host at a manager";
        }
        var nodes = await client.Swarm.ListNodesAsync(ct);
        foreach (var (constraint, service) in services
                     .SelectMany(s => (s.Inputs["constraints"] as JsonArray ?? []).Select(c => (Text: c?.GetValue<string>() ?? "", Service: s.Name)))
                     .DistinctBy(c => c.Text))
        {
            if (NodeLabel.Parse(constraint) is not { } label) continue;
            if (!nodes.Any(n => label.Matches(n.Spec?.Labels)))
                return $"no node of the swarm at {host} carries the label {label.Key}={label.Value} that places {service}; "
                    + $"add it to a node: docker node update --label-add {label.Key}={label.Value} NODE";
        }
        return null;
    }
}

/// <summary>A placement constraint on a node label, <c>node.labels.KEY==VALUE</c>.</summary>
public sealed record NodeLabel(string Key, string Value)
{
    private const string Prefix = "node.labels.";

    public string Constraint => $"{Prefix}{Key}=={Value}";

    public static NodeLabel? Parse(string constraint)
    {
        var parts = constraint.Split("==", 2);
        if (parts.Length != 2 || !parts[0].Trim().StartsWith(Prefix, StringComparison.Ordinal)) return null;
        return new NodeLabel(parts[0].Trim()[Prefix.Length..], parts[1].Trim());
    }

    public bool Matches(IDictionary<string, string>? labels) => labels is not null && labels.TryGetValue(Key, out var v) && v == Value;

    public override string ToString() => $"{Key}={Value}";
}
