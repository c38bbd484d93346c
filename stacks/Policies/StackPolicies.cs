using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Stacks.Policies;

/// <summary>
/// The policy gate run before preview and up: published ports follow the <see cref="PublishedPortRule"/>,
/// nothing publishes from internal networks only, and secrets only travel where they are delivered to a
/// container (environment, uploaded files), never in names, labels, commands or other objects.
/// </summary>
public static class StackPolicies
{
    private static readonly HashSet<string> SecretCarriers = ["env", "files"];

    public static IReadOnlyList<string> Check(DesiredState desired, IReadOnlyCollection<string> configSecrets)
    {
        var byUrn = desired.Resources.ToDictionary(r => r.Urn);
        var violations = new List<string>();
        foreach (var r in desired.Resources)
        {
            if (r.Type == ContainerKind.TypeToken)
            {
                violations.AddRange(PublishedAddresses(r));
                violations.AddRange(InternalOnly(r, byUrn));
            }
            if (r.Type == ServiceKind.TypeToken) violations.AddRange(SwarmPublished(r));
            if (r.Custom) violations.AddRange(PlaintextSecrets(r, byUrn, configSecrets));
        }
        return violations;
    }

    private static IEnumerable<string> PublishedAddresses(DesiredResource container)
    {
        foreach (var port in (container.Inputs["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (port["internal"]?.GetValue<int>() is not { } containerPort) continue;
            var ip = port["hostIp"]?.GetValue<string>() ?? ContainerCheck.DefaultHostIp;
            var external = port["external"]?.GetValue<int>();
            if (PublishedPortRule.Allows(container.Name == PublishedPortRule.EdgeContainer, ip, external, containerPort)) continue;
            yield return $"{ContainerKind.TypeToken} '{container.Name}' publishes port {containerPort} on {ip}:{external}; {PublishedPortRule.Requirement}";
        }
    }

    /// <summary>Swarm publishes on every address of every node: only the edge may, and only its own ports.</summary>
    private static IEnumerable<string> SwarmPublished(DesiredResource service)
    {
        foreach (var port in (service.Inputs["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (port["target"]?.GetValue<int>() is not { } target) continue;
            var published = port["published"]?.GetValue<int>();
            if (PublishedPortRule.Allows(service.Name == PublishedPortRule.EdgeContainer, "0.0.0.0", published, target)) continue;
            yield return $"{ServiceKind.TypeToken} '{service.Name}' publishes port {target} on every node as {published}; "
                + "on a swarm only the edge publishes (80/443): reach the other services through the edge or an SSH tunnel to a manager";
        }
    }

    private static IEnumerable<string> InternalOnly(DesiredResource container, IReadOnlyDictionary<string, DesiredResource> byUrn)
    {
        if (container.Inputs["ports"] is not JsonArray { Count: > 0 }) yield break;
        var networks = (container.Inputs["networks"] as JsonArray ?? []).Select(n => n?["name"]).ToList();
        if (networks.Count == 0) yield break;
        var allInternal = networks.All(n => Reference.IsOutput(n, out var urn, out _) && byUrn.TryGetValue(urn, out var net)
            && net.Inputs["internal"]?.GetValue<bool>() == true);
        if (allInternal)
            yield return $"{ContainerKind.TypeToken} '{container.Name}' publishes ports but is attached only to internal networks (moby#36174: the ports would not be reachable)";
    }

    private static IEnumerable<string> PlaintextSecrets(DesiredResource r, IReadOnlyDictionary<string, DesiredResource> byUrn, IReadOnlyCollection<string> configSecrets)
    {
        foreach (var (key, value) in r.Inputs)
        {
            var carries = r.Type is ContainerKind.TypeToken or ServiceKind.TypeToken && SecretCarriers.Contains(key) || r.Type is CommandProvider.LocalType or CommandProvider.RemoteType && key == "environment";
            if (carries)
            {
                // Allowed here, but only as secret values: a known secret pasted as plain text would be stored as such.
                if (ContainsPlaintext(value, configSecrets, insideSecret: false))
                    yield return $"{r.Type} '{r.Name}': {key} holds a configured secret as plain text; pass it as a secret value";
                continue;
            }
            if (Secret.ContainsSecret(value) || ReferencesSecret(value, byUrn) || ContainsPlaintext(value, configSecrets, insideSecret: false))
                yield return $"{r.Type} '{r.Name}': a secret is placed in '{key}', where it would be stored in plain text on the host";
        }
    }

    private static bool ReferencesSecret(JsonNode? node, IReadOnlyDictionary<string, DesiredResource> byUrn) =>
        Reference.Urns(node).Any(urn => byUrn.TryGetValue(urn, out var target) && target.Type == RandomProvider.PasswordType);

    private static bool ContainsPlaintext(JsonNode? node, IReadOnlyCollection<string> secrets, bool insideSecret) => node switch
    {
        null => false,
        _ when Secret.IsSecret(node) => false,
        JsonObject o => o.Any(kv => ContainsPlaintext(kv.Value, secrets, insideSecret)),
        JsonArray a => a.Any(x => ContainsPlaintext(x, secrets, insideSecret)),
        JsonValue v when v.TryGetValue<string>(out var s) => secrets.Any(secret => secret.Length >= 4 && s.Contains(secret, StringComparison.Ordinal)),
        _ => false,
    };
}
