using System.CommandLine;
using Infra.Cli.Sessions;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack rm [&lt;stack&gt;]</c>: deletes the stack's state and its stack file. A stack that still has resources
/// is refused unless <c>--force</c> (they would stay on the host with nothing tracking them).
/// </summary>
public static class StackRemoveCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var yes = CommonOptions.Yes();
        var force = new Option<bool>("--force", "-f") { Description = "Remove the stack even if it still has resources" };
        var preserve = new Option<bool>("--preserve-config") { Description = "Keep the stack's Pulumi.<stack>.yaml" };
        var name = new Argument<string?>("stack-name") { Arity = ArgumentArity.ZeroOrOne, Description = "The stack to remove (default: the current one)" };
        var command = new Command("rm", "Remove a stack, its state and its stack file") { stack, yes, force, preserve, name };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(name) ?? parse.GetValue(stack), mayCreate: false, ct);
            var (project, target) = (session.Project, session.Stack);
            var raw = await session.Store.ReadRawAsync(project, target, ct);
            var statePath = StateStore.StatePath(project, target);
            var count = raw is null ? 0 : CheckpointSummary.Read(raw, $"{session.Location}/{statePath}").ResourceCount;
            if (count > 0 && !parse.GetValue(force))
                throw new CommandFailure(ExitCodes.Error,
                    $"stack '{target}' still has {count} resources; removal rejected: run `infra destroy -s {target}` first, or pass --force to forget them (they stay on the host)");
            if (!Confirmation.Ask(env, parse.GetValue(yes), skipPreview: false, $"This will permanently remove the '{target}' stack. Remove it?"))
            {
                env.Out.WriteLine("confirmation declined");
                return ExitCodes.Ok;
            }
            await using (await session.LockAsync("infra stack rm", ct))
            {
                await session.Store.Storage.DeleteAsync(statePath, ct);
                await session.Store.Storage.DeleteAsync(statePath + ".bak", ct);
            }
            if (!parse.GetValue(preserve)) File.Delete(session.Workspace.StackFile.Path);
            var selection = StackSession.Selection(env, session.Workspace.Project);
            if (selection.Read() == target) selection.Clear();
            env.Out.WriteLine($"Stack '{target}' has been removed!");
            return ExitCodes.Ok;
        });
        return command;
    }
}
