using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Random;

namespace Infra.Providers.Docker.Compose;

/// <summary>A compose volume whose files go into one of the program's volumes (the service and the path they are mounted at match).</summary>
public sealed record VolumeCopy(ComposeContainer Source, string From, DesiredResource Volume, string To, string Target);

/// <summary>
/// A value a compose container was given in a variable that the program fills from one of its generated passwords:
/// the data was made with it (Postgres's role password, n8n's encryption key), so the password is imported with it.
/// </summary>
public sealed record CarriedSecret(DesiredResource Password, string Service, string Variable, string Value);

/// <summary>
/// How a compose deployment of the same services becomes the program's: matched by service name (the compose service
/// and the program's container have the same name), data volumes by the path they are mounted at, generated passwords
/// by the variable the program passes them in.
/// </summary>
public sealed record ComposeMigration(IReadOnlyList<VolumeCopy> Volumes, IReadOnlyList<CarriedSecret> Secrets)
{
    public bool IsEmpty => Volumes.Count == 0 && Secrets.Count == 0;

    public static ComposeMigration Plan(DesiredState desired, IReadOnlyList<ComposeContainer> compose)
    {
        var byUrn = desired.Resources.ToDictionary(r => r.Urn);
        var services = compose.GroupBy(c => c.Service, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var volumes = new Dictionary<string, VolumeCopy>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, CarriedSecret>(StringComparer.Ordinal);
        foreach (var container in desired.Resources.Where(r => r.Type == ContainerKind.TypeToken))
        {
            if (!services.TryGetValue(container.Name, out var source)) continue;
            foreach (var mount in (container.Inputs["mounts"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!Reference.IsOutput(mount["source"], out var urn, out _) || !byUrn.TryGetValue(urn, out var volume) || volume.Type != VolumeKind.TypeToken) continue;
                var target = mount["target"]?.GetValue<string>();
                if (source.Volumes.FirstOrDefault(v => v.Target == target) is not { } from || volumes.ContainsKey(urn)) continue;
                volumes[urn] = new VolumeCopy(source, from.Volume, volume, volume.Inputs["name"]?.GetValue<string>() ?? volume.Name, target!);
            }
            foreach (var (variable, value) in container.Inputs["env"] as JsonObject ?? [])
            {
                if (!Reference.IsOutput(Secret.Reveal(value), out var urn, out _) || !byUrn.TryGetValue(urn, out var password)
                    || password.Type != RandomProvider.PasswordType || secrets.ContainsKey(urn)) continue;
                if (source.Env.TryGetValue(variable, out var carried) && carried.Length > 0)
                    secrets[urn] = new CarriedSecret(password, source.Service, variable, carried);
            }
        }
        return new ComposeMigration([.. volumes.Values], [.. secrets.Values]);
    }
}
