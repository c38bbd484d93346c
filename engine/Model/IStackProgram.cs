using Infra.Engine.Config;

namespace Infra.Engine.Model;

/// <summary>The user's infrastructure program: which resources a stack holds. The providers that manage them are made by the front end.</summary>
public interface IStackProgram
{
    /// <summary>Builds the resource tree. Bad config is a <see cref="ConfigException"/> naming the file and key.</summary>
    StackRoot Build(StackContext context);

    /// <summary>Rules the desired state must follow; each violation is one line naming its resource.</summary>
    IReadOnlyList<string> CheckPolicies(Planning.DesiredState desired) => [];
}

/// <param name="Warn">Prints a warning line (e.g. "host unreachable, preview from state only").</param>
public sealed record StackContext(string Project, string Stack, StackConfig Config, string ProjectDirectory, Action<string> Warn);
