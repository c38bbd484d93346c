using System.CommandLine;
using Infra.Cli.Composition;
using Infra.Cli.Sessions;
using Infra.Engine.Model;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack import --file F [--force]</c>: replaces the stack's state with an exported one (either form),
/// after checking it cannot lose the record of a deployment (<see cref="ImportCheck"/>). Recorded in the history.
/// </summary>
public static class StackImportCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var stack = CommonOptions.Stack();
        var file = new Option<string>("--file") { Description = "The exported state to import", Required = true };
        var force = new Option<bool>("--force", "-f") { Description = "Import even if the file is of another project or stack, or has pending operations" };
        var command = new Command("import", "Replace the stack's state with an exported one") { stack, file, force };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new CommandFailure(ExitCodes.BadConfiguration, $"--file: {path} does not exist; nothing imported");
            var check = new ImportCheck(session.Project, session.Stack,
                type => composition.Packages.Contains(TypeToken.Package(type), StringComparer.Ordinal), parse.GetValue(force));
            StackSnapshot snapshot;
            try { snapshot = check.Read(await File.ReadAllBytesAsync(path, ct), path, () => session.Crypter); }
            catch (ImportRefusedException e) { throw new CommandFailure(ExitCodes.BadConfiguration, e.Message); }
            await session.StateOperations().ImportAsync(snapshot, ct);
            env.Out.WriteLine($"Import complete: {snapshot.Resources.Count} resources.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
