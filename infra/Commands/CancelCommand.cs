using System.CommandLine;
using Infra.Cli.Sessions;

namespace Infra.Cli.Commands;

/// <summary><c>infra cancel</c>: remove the stack's lock left by a run that is gone.</summary>
public static class CancelCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var command = new Command("cancel", "Remove the stack's lock") { stack, yes };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct, recover: false);
            var removed = await session.Store.CancelAsync(session.Project, session.Stack, ct);
            env.Out.WriteLine(removed ? $"The lock on stack '{session.Stack}' has been removed." : $"Stack '{session.Stack}' is not locked.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
