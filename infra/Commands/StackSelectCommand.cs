using System.CommandLine;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.State;
using Infra.Engine.Workspace;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack select &lt;stack&gt;</c>: the stack later commands use without <c>-s</c>, remembered for this
/// checkout (see <see cref="StackSelection"/>); <c>--create</c> makes it when it does not exist.
/// </summary>
public static class StackSelectCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var create = new Option<bool>("--create", "-c") { Description = "Create the stack if it does not exist" };
        var name = new Argument<string?>("stack") { Arity = ArgumentArity.ZeroOrOne, Description = "<stack>, <project>/<stack> or organization/<project>/<stack>" };
        var command = new Command("select", "Select the stack later commands use") { stack, create, name };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(name) ?? parse.GetValue(stack)
                ?? throw new CommandFailure(ExitCodes.BadConfiguration, "stack select needs a stack name: infra stack select <stack>");
            var project = ProjectFile.Find(env.WorkingDirectory);
            var chosen = StackReference.Parse(text, project.Name);
            bool exists;
            await using (var store = BackendFactory.Store(env.Variables, project.BackendUrl))
                exists = File.Exists(project.StackFilePath(chosen)) || await store.ExistsAsync(project.Name, chosen, ct);
            if (!exists && !parse.GetValue(create))
                throw new CommandFailure(ExitCodes.StackNotFound, $"no stack named '{chosen}' found; create it with `infra stack init {chosen}` or `infra stack select --create {chosen}`");
            if (!exists)
            {
                await StackInitCommand.InitAsync(env, project, chosen, ct);
                env.Out.WriteLine($"Created stack '{chosen}'");
            }
            StackSession.Selection(env, project).Write(chosen);
            return ExitCodes.Ok;
        });
        return command;
    }
}
