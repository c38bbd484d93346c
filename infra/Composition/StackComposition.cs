using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Providers.Docker.Probing;

namespace Infra.Cli.Composition;

/// <summary>What <c>infra verify</c> should find on the Docker host for the program's desired state.</summary>
public delegate ExpectedStack LiveExpectation(StackContext context, DesiredState desired);

/// <summary>
/// What the CLI runs: the program, the providers its resources need (made from the stack's config) and,
/// when it says, what <c>infra verify</c> should find on the host.
/// </summary>
public sealed record StackComposition(IStackProgram Program, Func<StackContext, ProviderSet> CreateProviders, LiveExpectation? Expect = null)
{
    /// <summary>The packages of the providers <see cref="CreateProviders"/> makes (what <c>stack import</c> accepts).</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>A program whose providers are given (tests, programs with nothing to configure).</summary>
    public static StackComposition Of(IStackProgram program, params IReadOnlyList<IProvider> providers) =>
        new(program, _ => new ProviderSet(providers)) { Packages = providers.Select(p => p.Package).ToList() };
}
