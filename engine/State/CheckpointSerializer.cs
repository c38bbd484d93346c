using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Secrets;

namespace Infra.Engine.State;

/// <summary>
/// Reads and writes Pulumi's checkpoint shape (<c>{"version":3,"checkpoint":{…,"latest":{…}}}</c>); reads
/// Pulumi's export envelope (<c>{"version":3,"deployment":{…}}</c>) too.
/// Secret values are encrypted on the way out and decrypted on the way in.
/// </summary>
public static class CheckpointSerializer
{
    public const int Version = 3;
    private const string Magic = "infra-checkpoint";

    public static byte[] Write(string project, string stack, StackSnapshot snapshot, string? encryptionSalt, ISecretsCrypter? crypter, string? time = null)
    {
        var latest = new JsonObject
        {
            ["manifest"] = new JsonObject { ["time"] = time ?? DateTimeOffset.UtcNow.ToString("O"), ["magic"] = Magic, ["version"] = "infra" },
            ["resources"] = new JsonArray(snapshot.Resources.Select(r => (JsonNode)WriteResource(r, crypter)).ToArray()),
        };
        if (encryptionSalt is not null)
            latest["secrets_providers"] = new JsonObject { ["type"] = "passphrase", ["state"] = new JsonObject { ["salt"] = encryptionSalt } };
        if (snapshot.PendingOperations.Count > 0)
            latest["pending_operations"] = new JsonArray(snapshot.PendingOperations
                .Select(p => (JsonNode)new JsonObject { ["resource"] = WriteResource(p.Resource, crypter), ["type"] = p.Type }).ToArray());
        var root = new JsonObject
        {
            ["version"] = Version,
            ["checkpoint"] = new JsonObject { ["stack"] = $"organization/{project}/{stack}", ["latest"] = latest },
        };
        return JsonBytes.Of(root, JsonBytes.Relaxed);
    }

    /// <summary>The manifest time of a checkpoint this serializer wrote, as written; null for anything else.</summary>
    public static string? TimeOf(byte[] content)
    {
        try { return (JsonNode.Parse(content)?["checkpoint"]?["latest"]?["manifest"]?["time"] as JsonValue)?.GetValue<string>(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    /// <summary>Throws <see cref="StateException"/> naming <paramref name="location"/> for a corrupt or newer file.</summary>
    public static (StackSnapshot Snapshot, string? EncryptionSalt) Read(byte[] content, string location, Func<ISecretsCrypter> crypter)
    {
        JsonObject root;
        try { root = JsonNode.Parse(content) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new StateException($"state file {location} is corrupt: {e.Message}"); }
        var version = root["version"]?.GetValue<int>() ?? throw new StateException($"state file {location} is corrupt: no version");
        if (version > Version)
            throw new StateException($"state file {location} has version {version}, newer than this infra understands ({Version}); upgrade infra");
        try
        {
            var latest = DeploymentEnvelope.Find(root);
            if (latest is null) return (StackSnapshot.Empty, null);
            var salt = latest["secrets_providers"]?["state"]?["salt"]?.GetValue<string>();
            var resources = (latest["resources"] as JsonArray ?? []).Select(n => ReadResource((JsonObject)n!, crypter, location)).ToList();
            var pending = (latest["pending_operations"] as JsonArray ?? [])
                .Select(n => new PendingOperation(ReadResource((JsonObject)n!["resource"]!, crypter, location), n!["type"]!.GetValue<string>()))
                .ToList();
            return (new StackSnapshot(resources, pending), salt);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or NullReferenceException or FormatException or KeyNotFoundException)
        {
            throw new StateException($"state file {location} is corrupt: {e.Message}");
        }
    }

    private static JsonObject WriteResource(ResourceState r, ISecretsCrypter? crypter)
    {
        var o = new JsonObject { ["urn"] = r.Urn, ["custom"] = r.Custom };
        if (r.Delete) o["delete"] = true;
        if (r.Taint) o["taint"] = true;
        if (r.Id is not null) o["id"] = r.Id;
        o["type"] = r.Type;
        o["inputs"] = Encrypt(r.Inputs, crypter);
        o["outputs"] = Encrypt(r.Outputs, crypter);
        if (r.Parent is not null) o["parent"] = r.Parent;
        if (r.Protect) o["protect"] = true;
        if (r.RetainOnDelete) o["retainOnDelete"] = true;
        if (r.Dependencies.Count > 0) o["dependencies"] = Strings(r.Dependencies);
        if (r.IgnoreChanges.Count > 0) o["ignoreChanges"] = Strings(r.IgnoreChanges);
        if (r.ReplaceOnChanges.Count > 0) o["replaceOnChanges"] = Strings(r.ReplaceOnChanges);
        if (r.Aliases.Count > 0) o["aliases"] = Strings(r.Aliases);
        if (r.InitErrors.Count > 0) o["initErrors"] = Strings(r.InitErrors);
        if (r.Created is { } c) o["created"] = c.ToString("O");
        if (r.Modified is { } m) o["modified"] = m.ToString("O");
        return o;
    }

    private static ResourceState ReadResource(JsonObject o, Func<ISecretsCrypter> crypter, string location)
    {
        try { return ReadResource(o, crypter); }
        catch (IncorrectPassphraseException e) when (e.Message == new IncorrectPassphraseException().Message)
        {
            throw new IncorrectPassphraseException(
                $"state file {location}: {o["urn"]?.GetValue<string>()}: incorrect passphrase: a secret of this resource was not encrypted with this stack's passphrase and encryptionsalt");
        }
    }

    private static ResourceState ReadResource(JsonObject o, Func<ISecretsCrypter> crypter) => new()
    {
        Urn = Model.Urn.Parse(o["urn"]!.GetValue<string>()).ToString(),
        Type = o["type"]!.GetValue<string>(),
        Custom = o["custom"]?.GetValue<bool>() ?? true,
        Delete = o["delete"]?.GetValue<bool>() ?? false,
        Taint = o["taint"]?.GetValue<bool>() ?? false,
        Id = o["id"]?.GetValue<string>(),
        Parent = o["parent"]?.GetValue<string>(),
        Inputs = (JsonObject)Decrypt(o["inputs"] ?? new JsonObject(), crypter)!,
        Outputs = (JsonObject)Decrypt(o["outputs"] ?? new JsonObject(), crypter)!,
        Protect = o["protect"]?.GetValue<bool>() ?? false,
        RetainOnDelete = o["retainOnDelete"]?.GetValue<bool>() ?? false,
        Dependencies = ReadStrings(o["dependencies"]),
        InitErrors = ReadStrings(o["initErrors"]),
        IgnoreChanges = ReadStrings(o["ignoreChanges"]),
        ReplaceOnChanges = ReadStrings(o["replaceOnChanges"]),
        Aliases = ReadStrings(o["aliases"]),
        Created = o["created"] is { } c ? DateTimeOffset.Parse(c.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : null,
        Modified = o["modified"] is { } m ? DateTimeOffset.Parse(m.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static IReadOnlyList<string> ReadStrings(JsonNode? node) =>
        node is JsonArray a ? a.Select(v => v!.GetValue<string>()).ToList() : [];

    /// <summary>Replaces each in-memory secret wrapper with Pulumi's ciphertext form.</summary>
    public static JsonNode? Encrypt(JsonNode? node, ISecretsCrypter? crypter) => node switch
    {
        null => null,
        _ when Secret.IsSecret(node) => new JsonObject
        {
            [Secret.SigKey] = Secret.SigValue,
            [Secret.CiphertextKey] = (crypter ?? throw new StateException("a secret value needs a passphrase to be stored"))
                .Encrypt((Secret.Reveal(node) ?? JsonValue.Create((string?)null))?.ToJsonString() ?? "null"),
        },
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Encrypt(kv.Value, crypter)))),
        JsonArray a => new JsonArray(a.Select(v => Encrypt(v, crypter)).ToArray()),
        _ => node.DeepClone(),
    };

    public static JsonNode? Decrypt(JsonNode? node, Func<ISecretsCrypter> crypter) => node switch
    {
        null => null,
        JsonObject o when Secret.IsSecret(o) && o[Secret.CiphertextKey] is { } ct =>
            Secret.Wrap(JsonNode.Parse(DecryptText(crypter(), ct.GetValue<string>()))),
        JsonObject o when Secret.IsSecret(o) && o["plaintext"] is { } pt => Secret.Wrap(JsonNode.Parse(pt.GetValue<string>())),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Decrypt(kv.Value, crypter)))),
        JsonArray a => new JsonArray(a.Select(v => Decrypt(v, crypter)).ToArray()),
        _ => node.DeepClone(),
    };

    private static string DecryptText(ISecretsCrypter crypter, string ciphertext)
    {
        try { return crypter.Decrypt(ciphertext); }
        catch (System.Security.Cryptography.CryptographicException) { throw new IncorrectPassphraseException(); }
    }
}
