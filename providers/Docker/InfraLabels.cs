using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;

namespace Infra.Providers.Docker;

/// <summary>
/// The labels every Docker object made by infra carries: who owns it (project, stack, URN) and a hash
/// of its declared spec. User labels whose value is secret are stored hashed, never readable.
/// </summary>
public static class InfraLabels
{
    public const string Project = "org.infra.project";
    public const string Stack = "org.infra.stack";
    public const string Urn = "org.infra.urn";
    public const string SpecHash = "org.infra.spec-hash";
    private const string HashedPrefix = "sha256:";

    /// <param name="declared">The resource's inputs, secrets still wrapped.</param>
    public static Dictionary<string, string> For(string urn, JsonObject declared)
    {
        var parts = Engine.Model.Urn.Parse(urn);
        var labels = UserLabels(declared);
        labels[Project] = parts.Project;
        labels[Stack] = parts.Stack;
        labels[Urn] = urn;
        labels[SpecHash] = Hash(Secret.RevealAll(declared).ToJsonString());
        return labels;
    }

    public static bool IsOwnedBy(IDictionary<string, string>? labels, string urn) =>
        labels is not null && labels.TryGetValue(Urn, out var owner) && owner == urn;

    /// <summary>The declared <c>labels</c> input as label values (secret ones hashed).</summary>
    public static Dictionary<string, string> UserLabels(JsonObject declared)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (declared["labels"] is not JsonObject map) return labels;
        foreach (var (key, value) in map)
            labels[key] = Secret.IsSecret(value) ? Hash(Text(Secret.Reveal(value))) : Text(value);
        return labels;
    }

    /// <summary>
    /// The declared labels as they are on the live object: only declared keys, and a secret value
    /// whose hash matches comes back as the declared value.
    /// </summary>
    public static JsonObject? ReadDeclared(JsonObject declared, IDictionary<string, string>? live)
    {
        if (declared["labels"] is not JsonObject map) return null;
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            if (live is null || !live.TryGetValue(key, out var actual)) continue;
            var plain = Text(Secret.Reveal(value));
            result[key] = Secret.IsSecret(value) && actual == Hash(plain) ? plain : actual;
        }
        return result;
    }

    public static string Hash(string text) => HashedPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
}
