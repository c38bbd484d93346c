using System.Text.Json.Nodes;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>The image's own program, for a wrapper that must run it: its entrypoint and command.</summary>
public sealed record ImageProgram(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Command);

/// <summary>Translates service arguments into the Swarm service spec of the Engine API.</summary>
public static class ServiceSpecs
{
    /// <summary>On the task containers too, so readiness can tell the tasks of this spec from those of the last one.</summary>
    public const string SpecHashLabel = InfraLabels.SpecHash;
    public const string ImageIdLabel = "org.infra.image-id";

    /// <param name="objects">The service's configs and secrets with their ids.</param>
    /// <param name="program">The image's program, needed when secret variables go through the wrapper.</param>
    public static ServiceSpec Build(ServiceArgs a, JsonObject declared, IDictionary<string, string> labels,
        IReadOnlyList<(SwarmObject Object, string Id)> objects, ImageProgram? program)
    {
        var secretEnv = ServiceObjects.SecretEnvNames(declared);
        var env = (a.Env ?? new Dictionary<string, Engine.Model.Input<string>>())
            .Where(kv => !secretEnv.Contains(kv.Key))
            .Select(kv => $"{kv.Key}={kv.Value.Value}")
            .Concat(secretEnv.Select(n => $"{n}_FILE={ServiceObjects.SecretEnvPath(n)}"))
            .ToList();
        IList<string>? command = a.Entrypoint?.ToList();
        IList<string>? args = a.Command?.ToList();
        if (secretEnv.Count > 0)
        {
            env.Add($"{EnvFromFiles.ListVariable}={string.Join(' ', secretEnv)}");
            var entrypoint = a.Entrypoint ?? program?.Entrypoint ?? [];
            // Docker's rule: a new entrypoint drops the image's command.
            var cmd = a.Command ?? (a.Entrypoint is null ? program?.Command ?? [] : []);
            command = ["/bin/sh", EnvFromFiles.Path];
            args = [.. entrypoint, .. cmd];
        }
        var taskLabels = new Dictionary<string, string> { [SpecHashLabel] = labels[InfraLabels.SpecHash] };
        if (a.ImageId?.Value is { Length: > 0 } imageId) taskLabels[ImageIdLabel] = imageId;
        return new ServiceSpec
        {
            Name = a.Name,
            Labels = labels,
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = a.Image,
                    Labels = taskLabels,
                    Command = command!,
                    Args = args!,
                    Env = env,
                    User = a.User!,
                    Init = a.Init,
                    Mounts = a.Mounts?.Select(ContainerCreation.Mount).ToList()!,
                    Healthcheck = ContainerCreation.Healthcheck(secretEnv.Count > 0 && a.Healthcheck is { } h ? h with { Test = WithSecretEnv(h.Test) } : a.Healthcheck,
                        startInterval: false)!,
                    StopGracePeriod = a.StopGraceSeconds is { } g ? TimeSpan.FromSeconds(g) : null,
                    Secrets = objects.Where(o => o.Object.Kind == SwarmObjectKind.Secret).Select(o => new SecretReference
                    {
                        SecretID = o.Id, SecretName = o.Object.Name,
                        File = new SecretReferenceFileTarget { Name = o.Object.Target, UID = o.Object.Uid, GID = o.Object.Gid, Mode = o.Object.Mode },
                    }).ToList(),
                    Configs = objects.Where(o => o.Object.Kind == SwarmObjectKind.Config).Select(o => new SwarmConfigReference
                    {
                        ConfigID = o.Id, ConfigName = o.Object.Name,
                        File = new ConfigReferenceFileTarget { Name = o.Object.Target, UID = o.Object.Uid, GID = o.Object.Gid, Mode = o.Object.Mode },
                    }).ToList(),
                },
                Networks = a.Networks?.Select(n => new NetworkAttachmentConfig { Target = n.Name.Value, Aliases = n.Aliases?.ToList()! }).ToList()!,
                Placement = a.Constraints is { Count: > 0 } c ? new Placement { Constraints = c.ToList() } : null!,
                RestartPolicy = new SwarmRestartPolicy { Condition = "any", Delay = TimeSpan.FromSeconds(5) },
            },
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)a.Replicas } },
            UpdateConfig = Rollout(a.UpdateOrder),
            RollbackConfig = Rollout(a.UpdateOrder),
            EndpointSpec = new EndpointSpec
            {
                Mode = a.EndpointMode ?? "vip",
                Ports = a.Ports?.Select(p => new PortConfig
                {
                    TargetPort = (uint)p.Target, PublishedPort = (uint)p.Published, Protocol = p.Protocol ?? "tcp", PublishMode = p.Mode ?? "ingress",
                }).ToList()!,
            },
        };
    }

    /// <summary>
    /// A health check runs through <c>docker exec</c>, with the spec's environment, not the program's: one that reads a
    /// secret variable (Postgres's password) goes through the wrapper as well.
    /// </summary>
    private static List<string> WithSecretEnv(IReadOnlyList<string> test) => test[0] switch
    {
        "CMD-SHELL" => ["CMD", "/bin/sh", EnvFromFiles.Path, "/bin/sh", "-c", string.Join(' ', test.Skip(1))],
        "CMD" => ["CMD", "/bin/sh", EnvFromFiles.Path, .. test.Skip(1)],
        _ => test.ToList(),
    };

    /// <summary>One task at a time; a new task that fails rolls the service back to the spec that ran.</summary>
    private static SwarmUpdateConfig Rollout(string? order) => new()
    {
        Parallelism = 1,
        FailureAction = "rollback",
        Monitor = TimeSpan.FromSeconds(5),
        Order = order ?? "stop-first",
    };
}
