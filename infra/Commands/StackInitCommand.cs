using System.CommandLine;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.State;
using Infra.Engine.Workspace;

namespace Infra.Cli.Commands;

/// <summary><c>infra stack init &lt;stack&gt;</c>: an empty stack in the backend (and its stack file), then selected.</summary>
public static class StackInitCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var name = new Argument<string?>("stack-name") { Arity = ArgumentArity.ZeroOrOne, Description = "<stack>, <project>/<stack> or organization/<project>/<stack>" };
        var command = new Command("init", "Create an empty stack and select it") { stack, name };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(name) ?? parse.GetValue(stack)
                ?? throw new CommandFailure(ExitCodes.BadConfiguration, "stack init needs a stack name: infra stack init <stack>");
            var project = ProjectFile.Find(env.WorkingDirectory);
            var created = await InitAsync(env, project, StackReference.Parse(text, project.Name), ct);
            env.Out.WriteLine($"Created stack '{created}'");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes the stack's first (empty) checkpoint and an empty stack file if it has none; selects it.</summary>
    public static async Task<string> InitAsync(CliEnvironment env, ProjectFile project, string stack, CancellationToken ct)
    {
        await using var store = BackendFactory.Store(env.Variables, project.BackendUrl);
        if (await store.ExistsAsync(project.Name, stack, ct))
            throw new CommandFailure(ExitCodes.Error, $"stack '{stack}' already exists ({store.Storage.Location})");
        var file = project.StackFilePath(stack);
        var salt = File.Exists(file) ? StackConfigFile.Load(file).EncryptionSalt : null;
        await store.SaveAsync(project.Name, stack, StackSnapshot.Empty, salt, null, ct);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(project.StackFileDirectory);
            await File.WriteAllTextAsync(file, "", ct);
        }
        StackSession.Selection(env, project).Write(stack);
        return stack;
    }
}
