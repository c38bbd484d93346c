using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Engine.Secrets.Rotation;

/// <summary>
/// Stored ciphertexts opened with one key and sealed with another, the plaintexts never leaving memory:
/// a stack file's <c>secure:</c> leaves (nested ones too) and a checkpoint's secret objects.
/// </summary>
public static class Reencryption
{
    /// <summary>
    /// A copy of the stack file's values with every <c>{secure: …}</c> leaf re-encrypted; <paramref name="from"/> is
    /// null for a stack file without an <c>encryptionsalt</c>, which then must hold no secure value.
    /// </summary>
    public static JsonObject StackConfig(JsonObject values, ISecretsCrypter? from, ISecretsCrypter to, string path, out int count)
    {
        var n = 0;
        JsonNode? Walk(JsonNode? node) => node switch
        {
            JsonObject o when o.Count == 1 && o["secure"] is JsonValue v => Sealed(v.GetValue<string>()),
            JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Walk(kv.Value)))),
            JsonArray a => new JsonArray(a.Select(Walk).ToArray()),
            _ => node?.DeepClone(),
        };
        JsonObject Sealed(string ciphertext)
        {
            n++;
            if (from is null) throw new ConfigException($"{path}: holds secure values but no encryptionsalt to open them");
            return new JsonObject { ["secure"] = to.Encrypt(Open(from, ciphertext)) };
        }
        var result = (JsonObject)Walk(values)!;
        count = n;
        return result;
    }

    /// <summary>
    /// A checkpoint (state file or history entry, either envelope) with every secret re-encrypted and
    /// <c>secrets_providers</c> naming <paramref name="toSalt"/>; everything else is kept as it is. A secret
    /// written in plaintext form is encrypted. Throws <see cref="IncorrectPassphraseException"/> when
    /// <paramref name="from"/> cannot open a ciphertext, <see cref="StateException"/> when the file is not JSON.
    /// </summary>
    public static byte[] Checkpoint(byte[] content, ISecretsCrypter? from, ISecretsCrypter to, string toSalt, string location, out int count)
    {
        JsonObject root;
        try { root = JsonNode.Parse(content) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new StateException($"state file {location} is corrupt: {e.Message}"); }
        count = 0;
        if (DeploymentEnvelope.Find(root) is not { } deployment) return content;
        var n = 0;
        JsonNode? Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o when Secret.IsSecret(o):
                    var plaintext = o[Secret.CiphertextKey] is JsonValue c ? OpenState(c.GetValue<string>())
                        : o["plaintext"] is JsonValue p ? p.GetValue<string>()
                        : null;
                    if (plaintext is null) return o.DeepClone();
                    n++;
                    return new JsonObject { [Secret.SigKey] = Secret.SigValue, [Secret.CiphertextKey] = to.Encrypt(plaintext) };
                case JsonObject o:
                    return new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Walk(kv.Value))));
                case JsonArray a:
                    return new JsonArray(a.Select(Walk).ToArray());
                default:
                    return node?.DeepClone();
            }
        }
        string OpenState(string ciphertext) =>
            from is null ? throw new ConfigException($"{location} holds secrets but the stack file has no encryptionsalt to open them") : Open(from, ciphertext);

        JsonObject rewritten;
        try { rewritten = (JsonObject)Walk(deployment)!; }
        catch (InvalidOperationException e) { throw new StateException($"state file {location} is corrupt: {e.Message}"); }
        rewritten["secrets_providers"] = new JsonObject { ["type"] = "passphrase", ["state"] = new JsonObject { ["salt"] = toSalt } };
        if (root["deployment"] is JsonObject) root["deployment"] = rewritten;
        else root["checkpoint"]!["latest"] = rewritten;
        count = n;
        return Encoding.UTF8.GetBytes(DeploymentEnvelope.Text(root));
    }

    /// <summary>The salt a checkpoint says its secrets were written with, or null.</summary>
    public static string? SaltOf(byte[]? content)
    {
        if (content is null) return null;
        try
        {
            return JsonNode.Parse(content) is JsonObject root
                ? DeploymentEnvelope.Find(root)?["secrets_providers"]?["state"]?["salt"]?.GetValue<string>()
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    private static string Open(ISecretsCrypter from, string ciphertext)
    {
        try { return from.Decrypt(ciphertext); }
        catch (CryptographicException) { throw new IncorrectPassphraseException(); }
        catch (FormatException) { throw new IncorrectPassphraseException(); }
    }
}
