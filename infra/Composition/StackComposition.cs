using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;

namespace Infra.Cli.Composition;

/// <summary>Proves on the live host that what runs is what the program declares; prints its findings, false on any mismatch.</summary>
public delegate Task<bool> LiveVerification(ProviderSet providers, StackContext context, DesiredState desired, TextWriter output, CancellationToken ct);

/// <summary>
/// What the CLI runs: the program, the providers its resources need (made from the stack's config) and,
/// when it has one, the live verification of <c>infra verify</c>.
/// </summary>
public sealed record StackComposition(IStackProgram Program, Func<StackContext, ProviderSet> CreateProviders, LiveVerification? Verify = null)
{
    /// <summary>The packages of the providers <see cref="CreateProviders"/> makes (what <c>stack import</c> accepts).</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>A program whose providers are given (tests, programs with nothing to configure).</summary>
    public static StackComposition Of(IStackProgram program, params IReadOnlyList<IProvider> providers) =>
        new(program, _ => new ProviderSet(providers)) { Packages = providers.Select(p => p.Package).ToList() };
}
