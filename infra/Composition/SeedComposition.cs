using Infra.Engine;
using Infra.Engine.Model;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Random;
using Infra.Stacks;
using Infra.Stacks.Settings;

namespace Infra.Cli.Composition;

/// <summary>The composition root of the seed stack: its program, and its providers made from <c>docker:*</c> config.</summary>
public static class SeedComposition
{
    public static StackComposition Create()
    {
        InputSerializer.UseGenerated(Infra.Providers.ArgumentsJson.Default);
        InputSerializer.PrepareInBackground();
        var program = new SeedStackProgram();
        return new StackComposition(program, CreateProviders, program.Expect)
        {
            Packages = ["random", "docker", "command"],
        };
    }

    public static ProviderSet CreateProviders(StackContext context)
    {
        var docker = StackSettingsReader.Read(context.Config).Docker;
        var options = DockerHostOptions.Resolve(docker.Host, docker.CertPath, docker.SshOpts);
        // docker:host was checked with the stack's config; one from DOCKER_HOST is checked here, as a mistake of configuration too.
        if (docker.Host is null && DockerHostAddress.ProblemWithHost(options.Host) is { } problem) throw new ConfigException($"DOCKER_HOST: {problem}");
        var connection = new DockerConnection(options);
        // Every verb that makes these providers calls Docker (images are read before planning): log in while the program runs.
        connection.StartOpening();
        return new ProviderSet([new RandomProvider(), new DockerProvider(connection), new CommandProvider(new DockerHostShell(connection), new HostPreflightCheck(connection))], connection);
    }
}
