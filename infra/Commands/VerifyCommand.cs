using Infra.Cli.Composition;
using System.CommandLine;
using Infra.Cli.Sessions;

namespace Infra.Cli.Commands;

/// <summary><c>infra verify</c>: prove on the live host that what runs is what the program declares.</summary>
public static class VerifyCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var stack = CommonOptions.Stack();
        var command = new Command("verify", "Check health, prove the network isolation matrix and the published addresses on the live host") { stack };
        command.SetAction(async (parse, ct) =>
        {
            if (composition.Verify is not { } verify)
                throw new CommandFailure(ExitCodes.Error, "this program has no verification");
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var desired = session.Evaluate(composition.Program);
            var providers = session.Providers(composition);
            return await verify(providers, session.Program(composition.Program).Context, desired, env.Out, ct) ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }
}
