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
        Infra.Engine.Model.InputSerializer.UseGenerated(Infra.Providers.ArgumentsJson.Default);
        var program = new SeedStackProgram();
        return new StackComposition(program, CreateProviders, program.Expect)
        {
            Packages = ["random", "docker", "command"],
        };
    }

    public static ProviderSet CreateProviders(StackContext context)
    {
        var docker = StackSettingsReader.Read(context.Config).Docker;
        var connection = new DockerConnection(DockerHostOptions.Resolve(docker.Host, docker.CertPath, docker.SshOpts));
        return new ProviderSet([new RandomProvider(), new DockerProvider(connection), new CommandProvider(new DockerHostShell(connection), new HostPreflightCheck(connection))], connection);
    }
}
