using Infra.Engine.Config;
using Infra.Engine.Providers;

namespace Infra.Engine.Model;

/// <summary>The user's infrastructure program: which resources a stack holds and which providers manage them.</summary>
public interface IStackProgram
{
    /// <summary>Builds the resource tree. Bad config is a <see cref="ConfigException"/> naming the file and key.</summary>
    StackRoot Build(StackContext context);

    /// <summary>The providers the resources need; disposable ones are disposed after the run.</summary>
    IReadOnlyList<IProvider> CreateProviders(StackContext context);

    /// <summary>Rules the desired state must follow; each violation is one line naming its resource.</summary>
    IReadOnlyList<string> CheckPolicies(Planning.DesiredState desired) => [];
}

/// <param name="Warn">Prints a warning line (e.g. "host unreachable, preview from state only").</param>
public sealed record StackContext(string Project, string Stack, StackConfig Config, string ProjectDirectory, Action<string> Warn);
