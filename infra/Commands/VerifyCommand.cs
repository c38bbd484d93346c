using Infra.Cli.Composition;
using System.CommandLine;
using Infra.Cli.Rendering;
using Infra.Cli.Sessions;
using Infra.Providers.Docker.Probing;

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
            if (composition.Expect is not { } expect)
                throw new CommandFailure(ExitCodes.Error, "this program has no verification");
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var desired = session.Evaluate(composition.Program);
            if (session.Providers(composition).Docker is not { } docker)
                throw new CommandFailure(ExitCodes.Error, "this program's providers reach no Docker host to verify");
            var findings = await StackProbe.RunAsync(docker, expect(session.Program(composition.Program).Context, desired), ct);
            VerifyReport.Print(env.Out, findings);
            return findings.Passed ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }
}
