using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Providers.Random;

namespace Infra.Ci.Tests.Fixtures;

/// <summary>
/// A program of random passwords only (nothing to reach): one at the top and <see cref="Count"/> inside a
/// brick-like component. <see cref="Violations"/> stand in for the stack's policy rules.
/// </summary>
public sealed class PasswordsProgram : IStackProgram
{
    public const string BrickType = "infra:bricks:Vault";

    public int Count { get; set; } = 2;
    public int Length { get; set; } = 24;
    public IReadOnlyList<string> Violations { get; set; } = [];

    public StackRoot Build(StackContext context)
    {
        var root = new StackRoot(context.Project, context.Stack);
        _ = new RandomPassword("admin", new RandomPasswordArgs { Length = Length }, root);
        var vault = new ComponentResource(BrickType, "vault", root);
        for (var i = 0; i < Count; i++) _ = new RandomPassword($"key{i}", new RandomPasswordArgs { Length = 16 }, vault);
        return root;
    }

    public IReadOnlyList<string> CheckPolicies(DesiredState desired) => Violations;
}
