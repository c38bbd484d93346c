using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Infra.Engine.Config;

/// <summary>
/// <c>Pulumi.&lt;stack&gt;.yaml</c>: <c>encryptionsalt</c> and <c>config</c> of <c>namespace:key</c> values.
/// Secure leaves stay as <c>{"secure": "v1:…"}</c> here; <see cref="StackConfig"/> decrypts them.
/// </summary>
public sealed class StackConfigFile
{
    private static readonly HashSet<string> KnownKeys = ["secretsprovider", "encryptedkey", "encryptionsalt", "config", "environment"];

    public StackConfigFile(string path, string? encryptionSalt, JsonObject values)
    {
        Path = path;
        EncryptionSalt = encryptionSalt;
        Values = values;
    }

    public string Path { get; }
    public string? EncryptionSalt { get; set; }
    /// <summary>Full keys (<c>infra:tenants</c>) to values.</summary>
    public JsonObject Values { get; }

    public static StackConfigFile Load(string path)
    {
        var root = YamlFiles.LoadMapping(path);
        foreach (var key in root.Children.Keys.Select(k => k.ToString()))
            if (!KnownKeys.Contains(key)) throw new ConfigException($"{path}: unknown top-level key '{key}'");
        var provider = YamlFiles.Scalar(root, "secretsprovider", path);
        if (provider is not null && provider != "passphrase")
            throw new ConfigException($"{path}: secretsprovider '{provider}' is not supported; only the passphrase provider is");
        var values = new JsonObject();
        if (root.Children.TryGetValue(new YamlScalarNode("config"), out var config) && config is not YamlScalarNode { Value: null or "" })
        {
            if (config is not YamlMappingNode map) throw new ConfigException($"{path}: 'config' must be a mapping of namespace:key values");
            foreach (var (k, v) in map.Children)
            {
                var key = k.ToString();
                if (!ConfigKey.TryParse(key, out _)) throw new ConfigException($"{path}: config key '{key}' must have the form namespace:key");
                values[key] = YamlFiles.ToJson(v);
                CheckSecureLeaves(values[key], path, key);
            }
        }
        return new StackConfigFile(System.IO.Path.GetFullPath(path), YamlFiles.Scalar(root, "encryptionsalt", path), values);
    }

    public static StackConfigFile LoadOrEmpty(string path) => File.Exists(path) ? Load(path) : new StackConfigFile(path, null, []);

    private static void CheckSecureLeaves(JsonNode? node, string path, string key)
    {
        switch (node)
        {
            case JsonObject o when o.ContainsKey("secure"):
                if (o.Count != 1 || o["secure"] is not JsonValue v || !v.TryGetValue<string>(out _))
                    throw new ConfigException($"{path}: config key '{key}': a secure value must be {{secure: <ciphertext>}}");
                break;
            case JsonObject o:
                foreach (var kv in o) CheckSecureLeaves(kv.Value, path, key);
                break;
            case JsonArray a:
                foreach (var item in a) CheckSecureLeaves(item, path, key);
                break;
        }
    }

    /// <summary>Where <see cref="Save"/> writes before renaming over the stack file.</summary>
    public string TempPath => Path + ".tmp";

    /// <summary>
    /// Replaces the file in one step (temp file, flushed to disk, renamed over it): a reader sees the old file or the
    /// new one. <paramref name="beforeRename"/> runs once the temp file is complete.
    /// </summary>
    public void Save(Action? beforeRename = null)
    {
        var root = new YamlMappingNode();
        if (EncryptionSalt is not null) root.Add("encryptionsalt", EncryptionSalt);
        if (Values.Count > 0) root.Add("config", YamlFiles.FromJson(Values));
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n");
        if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text[..^4];
        // Pulumi.yaml's stackConfigDir may name a folder that does not exist yet.
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        using (var stream = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(new System.Text.UTF8Encoding(false).GetBytes(text));
            stream.Flush(flushToDisk: true);
        }
        beforeRename?.Invoke();
        File.Move(TempPath, Path, overwrite: true);
    }
}
