using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Secrets;

namespace Infra.Engine.Config;

/// <summary>A stack's config as the program reads it: secure values decrypted into secret wrappers.</summary>
public sealed class StackConfig
{
    private readonly JsonObject _values;

    public StackConfig(string path, JsonObject values)
    {
        Path = path;
        _values = values;
    }

    public string Path { get; }
    public IEnumerable<string> Keys => _values.Select(kv => kv.Key);

    /// <summary>Decrypts secure leaves; a crypter is asked for only when the file holds one.</summary>
    public static StackConfig Open(StackConfigFile file, Func<ISecretsCrypter> crypter)
    {
        var values = (JsonObject)Decrypt(file.Values, crypter, file.Path, "")!;
        return new StackConfig(file.Path, values);
    }

    public static bool HasSecureValues(JsonNode? node) => node switch
    {
        JsonObject o when o.ContainsKey("secure") && o.Count == 1 => true,
        JsonObject o => o.Any(kv => HasSecureValues(kv.Value)),
        JsonArray a => a.Any(HasSecureValues),
        _ => false,
    };

    private static JsonNode? Decrypt(JsonNode? node, Func<ISecretsCrypter> crypter, string path, string key) => node switch
    {
        JsonObject o when o.Count == 1 && o["secure"] is JsonValue v => Secret.Wrap(DecryptLeaf(crypter(), v.GetValue<string>(), path, key)),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Decrypt(kv.Value, crypter, path, key.Length == 0 ? kv.Key : key)))),
        JsonArray a => new JsonArray(a.Select(x => Decrypt(x, crypter, path, key)).ToArray()),
        _ => node?.DeepClone(),
    };

    private static JsonNode DecryptLeaf(ISecretsCrypter crypter, string ciphertext, string path, string key)
    {
        try { return JsonValue.Create(crypter.Decrypt(ciphertext)); }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new IncorrectPassphraseException($"{path}: {key}: incorrect passphrase: this secure value was not encrypted with this stack's passphrase and encryptionsalt (set it again with `infra config set --secret`)");
        }
        catch (FormatException) { throw new ConfigException($"{path}: config key '{key}': secure value is not valid ciphertext"); }
    }

    /// <summary>The namespace the program reads its own keys from (<c>infra:groqApiKey</c>).</summary>
    public const string ProgramNamespace = "infra";

    /// <summary>
    /// The config as the program reads it. Pulumi's rule puts a program's own keys in the project's namespace
    /// (<c>selfhosted:groqApiKey</c>, what <c>config set groqApiKey</c> writes and a Pulumi program's <c>new Config()</c>
    /// reads); the program reads them as <c>infra:</c> keys, so they are mapped. Keys still written as <c>infra:</c>
    /// keep working, with one notice; the same key in both namespaces is an error naming both.
    /// </summary>
    public StackConfig ForProgram(string project, Action<string> notice)
    {
        if (project == ProgramNamespace) return this;
        var mapped = new JsonObject();
        var legacy = new List<string>();
        var shown = new Dictionary<string, string>();
        foreach (var (key, value) in _values)
        {
            var parsed = ConfigKey.TryParse(key, out var k) ? k : null;
            if (parsed?.Namespace == ProgramNamespace) legacy.Add(key);
            var programKey = parsed?.Namespace == project ? $"{ProgramNamespace}:{parsed.Name}" : key;
            if (mapped.ContainsKey(programKey))
                throw new ConfigException($"{Path}: '{project}:{parsed!.Name}' and '{ProgramNamespace}:{parsed.Name}' are the same key; keep '{project}:{parsed.Name}' only");
            mapped[programKey] = value?.DeepClone();
            shown[programKey] = key;
        }
        if (legacy.Count > 0)
            notice($"{Path}: {string.Join(", ", legacy)} read as {string.Join(", ", legacy.Select(l => project + l[ProgramNamespace.Length..]))}; the project's namespace '{project}:' is where `infra config set` writes them");
        return new StackConfig(Path, mapped) { _shownNamespace = project, _shownKeys = shown };
    }

    private string? _shownNamespace;
    private Dictionary<string, string> _shownKeys = [];

    /// <summary>
    /// A program key (<c>infra:caddy.users.admin</c>) as the user wrote it in the stack file, or, for a key the file
    /// does not have, in the project's namespace: errors name keys the way the user types them.
    /// </summary>
    public string Shown(string key)
    {
        var dot = key.IndexOf('.');
        var top = dot < 0 ? key : key[..dot];
        var rest = dot < 0 ? "" : key[dot..];
        if (_shownKeys.TryGetValue(top, out var written)) return written + rest;
        return _shownNamespace is { } ns && top.StartsWith(ProgramNamespace + ":", StringComparison.Ordinal)
            ? ns + top[ProgramNamespace.Length..] + rest
            : key;
    }

    /// <summary>The config with the project's <c>Pulumi.yaml</c> defaults under it, checked against its declarations.</summary>
    public StackConfig WithProjectConfig(ProjectConfig project, string stack) =>
        project.Declarations.Count == 0 ? this : new StackConfig(Path, project.Apply(_values, stack, Path));

    /// <summary>The value (secrets wrapped), or null when the key is absent.</summary>
    public JsonNode? Get(string key) => _values.TryGetPropertyValue(key, out var v) ? v : null;

    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>A copy of every value (secrets still wrapped): for masking secrets in output.</summary>
    public JsonObject CopyValues() => (JsonObject)_values.DeepClone();
}
