using System.Text.Json.Nodes;
using Infra.Engine.Properties;

namespace Infra.Providers.Docker;

/// <summary>
/// What a service mounts besides its volumes: a Docker secret per secret environment value (read through
/// <c>NAME_FILE</c> by the <see cref="EnvFromFiles"/> wrapper), a config or secret per file, and the wrapper itself.
/// </summary>
public static class ServiceObjects
{
    /// <summary>Where a secret environment value is mounted: Docker's own place for secrets.</summary>
    public static string SecretEnvPath(string variable) => $"/run/secrets/{variable}";

    // Secret environment files keep Docker's default mode (0444 in the task's own tmpfs): the image's user, often not root, reads them.
    /// <param name="declared">The inputs with secrets still wrapped: they say which values are secret.</param>
    public static IReadOnlyList<SwarmObject> For(string service, ServiceArgs args, JsonObject declared)
    {
        var objects = new List<SwarmObject>();
        var secretEnv = SecretEnvNames(declared);
        foreach (var name in secretEnv)
            objects.Add(SwarmObject.Of(SwarmObjectKind.Secret, service, name, args.Env![name].Value ?? "", name));
        if (secretEnv.Count > 0)
            objects.Add(SwarmObject.Of(SwarmObjectKind.Config, service, "env-from-files", EnvFromFiles.Script, EnvFromFiles.Path, mode: 0b101_101_101));
        var files = declared["files"] as JsonArray ?? [];
        for (var i = 0; i < (args.Files?.Count ?? 0); i++)
        {
            var file = args.Files![i];
            var secret = Secret.IsSecret(files[i]?["content"]);
            objects.Add(SwarmObject.Of(secret ? SwarmObjectKind.Secret : SwarmObjectKind.Config, service, System.IO.Path.GetFileName(file.Path),
                file.Content.Value ?? "", file.Path, file.Uid, file.Gid, (uint)ContainerCheck.ParseMode(file.Mode ?? "0644")));
        }
        return objects;
    }

    /// <summary>The environment variables whose declared value is secret, in name order.</summary>
    public static IReadOnlyList<string> SecretEnvNames(JsonObject declared) =>
        (declared["env"] as JsonObject ?? []).Where(kv => Secret.IsSecret(kv.Value)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
}
