using System.CommandLine;
using Infra.Cli.Sessions;
using Infra.Engine.State;
using Infra.Engine.Workspace;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack rename &lt;new-name&gt;</c>: moves the state (every URN rewritten, the old one kept as an alias; see
/// <see cref="CheckpointRename"/>) and the stack file to the new name. Nothing on the host changes.
/// </summary>
public static class StackRenameCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var name = new Argument<string>("new-stack-name") { Description = "<stack>, <project>/<stack> or organization/<project>/<stack>" };
        var command = new Command("rename", "Rename a stack: its state and its stack file") { stack, name };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var (project, from) = (session.Project, session.Stack);
            var to = StackReference.Parse(parse.GetValue(name)!, project);
            if (to == from) throw new CommandFailure(ExitCodes.BadConfiguration, $"the stack is already named '{from}'");
            var newFile = session.Workspace.Project.StackFilePath(to);
            if (File.Exists(newFile) || await session.Store.ExistsAsync(project, to, ct))
                throw new CommandFailure(ExitCodes.Error, $"a stack named '{to}' already exists");

            var storage = session.Store.Storage;
            await using (await session.LockAsync("infra stack rename", ct))
            await using (await session.Store.LockAsync(project, to, "infra stack rename", session.Warn, ct))
            {
                var oldPath = StateStore.StatePath(project, from);
                if (await storage.ReadAsync(oldPath, ct) is { } raw)
                {
                    await storage.WriteAtomicAsync(StateStore.StatePath(project, to), CheckpointRename.Rewrite(raw, $"{storage.Location}/{oldPath}", project, from, to), ct);
                    await storage.DeleteAsync(oldPath, ct);
                    await storage.DeleteAsync(oldPath + ".bak", ct);
                }
                if (session.Workspace.StackFileExists) File.Move(session.Workspace.StackFile.Path, newFile);
            }
            var selection = StackSession.Selection(env, session.Workspace.Project);
            var selected = selection.Read();
            if (selected is null || selected == from) selection.Write(to);
            env.Out.WriteLine($"Renamed {StackReference.Qualified(project, from)} to {StackReference.Qualified(project, to)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
