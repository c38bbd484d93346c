using Infra.Cli.Composition;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Providers.Docker;
using Infra.Providers.Docker.Compose;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra import --from-compose PROJECT</c>: brings a stopped compose deployment of the same services under the stack.
/// Each compose data volume is copied into the program's volume of the same service and mount path (made with the
/// stack's labels; the compose volume is left as it is, for the user to remove when satisfied), and each generated
/// password the data was made with (Postgres's, n8n's encryption key, …) is imported from the compose container's
/// environment. Everything is recorded in the state in one import; the next <c>up</c> creates the rest around it.
/// </summary>
public static class ComposeImport
{
    public static async Task<int> RunAsync(CliEnvironment env, StackSession session, StackComposition composition, string project, bool yes, CancellationToken ct)
    {
        if (session.Providers(composition).Docker is not { } docker)
            throw new CommandFailure(ExitCodes.Error, "this program's providers reach no Docker host to import from");
        var providers = new ProviderRegistry(session.Providers(composition).Providers);
        var declined = false;
        var (volumes, secrets) = (0, 0);
        var change = await session.Operations(composition, NullOperationObserver.Instance).ImportResourcesAsync(session.Program(composition.Program),
            async (desired, current, token) =>
            {
                var host = await docker.OpenAsync(token);
                var containers = await ComposeProject.ReadAsync(host, project, token);
                if (containers.Count == 0)
                    throw new CommandFailure(ExitCodes.BadConfiguration, $"--from-compose: no container of compose project '{project}' on {docker.Options.Host} (stop the project, do not take it down, before importing)");
                if (containers.Where(c => c.Running).Select(c => c.Name).ToList() is { Count: > 0 } running)
                    throw new CommandFailure(ExitCodes.Error, $"--from-compose: compose project '{project}' is running ({string.Join(", ", running)}): stop it first (docker-compose -p {project} stop), so that nothing writes its volumes while they are copied");
                var plan = Pending(ComposeMigration.Plan(desired, containers), current);
                if (plan.IsEmpty)
                    throw new CommandFailure(ExitCodes.BadConfiguration, $"--from-compose: nothing of compose project '{project}' matches a service of stack '{session.Stack}' that the state does not already hold");
                foreach (var v in plan.Volumes) env.Out.WriteLine($"  copy volume {v.From} → {v.To} ({v.Source.Service}:{v.Target})");
                foreach (var s in plan.Secrets) env.Out.WriteLine($"  import {s.Password.Type} '{s.Password.Name}' from {s.Variable} of service {s.Service}");
                if (!Confirmation.Ask(env, yes, skipPreview: false, $"Do you want to import compose project '{project}' into stack '{session.Stack}'?"))
                {
                    declined = true;
                    return null;
                }
                foreach (var v in plan.Volumes) await CopyAsync(env, host, providers, v, token);
                (volumes, secrets) = (plan.Volumes.Count, plan.Secrets.Count);
                return [.. plan.Secrets.Select(s => new ResourceImportRequest(s.Password.Type, s.Password.Urn, s.Value)),
                        .. plan.Volumes.Select(v => new ResourceImportRequest(v.Volume.Type, v.Volume.Urn, v.To))];
            }, ct);
        if (declined || change is null)
        {
            env.Error.WriteLine("error: confirmation declined, not proceeding");
            return ExitCodes.Cancelled;
        }
        env.Out.WriteLine($"Import complete: {volumes} volumes and {secrets} passwords of compose project '{project}' are managed by stack '{session.Stack}'. " +
            $"Take the project down without its volumes (docker-compose -p {project} down), then run `infra up`. Its volumes are kept until you remove them.");
        return ExitCodes.Ok;
    }

    /// <summary>What the state does not hold yet: a second run after a partial one carries on.</summary>
    private static ComposeMigration Pending(ComposeMigration plan, StackSnapshot current)
    {
        var held = current.Resources.Where(r => !r.Delete).Select(r => r.Urn).ToHashSet(StringComparer.Ordinal);
        return new ComposeMigration([.. plan.Volumes.Where(v => !held.Contains(v.Volume.Urn))], [.. plan.Secrets.Where(s => !held.Contains(s.Password.Urn))]);
    }

    /// <summary>Makes the program's volume (the Docker provider's own create: the stack's labels) and copies the files into it.</summary>
    private static async Task CopyAsync(CliEnvironment env, DockerSession host, ProviderRegistry providers, VolumeCopy copy, CancellationToken ct)
    {
        if (await DockerErrors.OrNullWhenMissing(() => host.Client.Volumes.InspectAsync(copy.To, ct)) is not null)
            throw new CommandFailure(ExitCodes.Error, $"--from-compose: volume '{copy.To}' already exists; remove it (or `infra import {copy.Volume.Type} {copy.Volume.Name} {copy.To}`) and run again");
        var provider = providers.For(copy.Volume.Type);
        var check = await provider.CheckAsync(new CheckRequest(copy.Volume.Urn, copy.Volume.Type, copy.Volume.Inputs, null), ct);
        await provider.CreateAsync(new CreateRequest(copy.Volume.Urn, copy.Volume.Type, check.Inputs, null, null), ct);
        env.Out.WriteLine($"copying volume {copy.From} → {copy.To} ...");
        await VolumeData.CopyAsync(host, copy.From, copy.To, copy.Source.ImageId, ct);
    }
}
