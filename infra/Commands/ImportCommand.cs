using System.CommandLine;
using Infra.Cli.Composition;
using Infra.Cli.Sessions;
using Infra.Engine.Operations;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra import TYPE NAME ID</c>, as Pulumi's <c>import</c> for a resource the program declares: the live object
/// ID (a volume's name, a container's or network's name or id, a password's value) becomes the program's resource
/// NAME in the state, so the next <c>up</c> manages it rather than creating it. Nothing on the host changes.
/// </summary>
public static class ImportCommand
{
    public static Command Create(CliEnvironment env, StackComposition composition)
    {
        var (stack, yes) = (CommonOptions.Stack(), CommonOptions.Yes());
        var type = new Argument<string?>("type") { Arity = ArgumentArity.ZeroOrOne, Description = "The resource type: docker:Volume, docker:Container, docker:Network, random:Password" };
        var name = new Argument<string?>("name") { Arity = ArgumentArity.ZeroOrOne, Description = "The resource's name in the program (or its URN)" };
        var id = new Argument<string?>("id") { Arity = ArgumentArity.ZeroOrOne, Description = "The live object: a volume's name, a container's or network's name or id, a password's value" };
        var protect = new Option<bool>("--protect") { Description = "Mark the imported resource protected" };
        var compose = new Option<string?>("--from-compose") { Description = "Import a stopped docker compose project of the same services: copy its data volumes into the stack's, carry the passwords its data was made with" };
        var command = new Command("import", "Adopt an object that already exists as a resource the program declares") { stack, yes, type, name, id, protect, compose };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: true, ct);
            var (t, n, i) = (parse.GetValue(type), parse.GetValue(name), parse.GetValue(id));
            if (parse.GetValue(compose) is { } project)
            {
                if (t is not null) throw new CommandFailure(ExitCodes.BadConfiguration, "import: give either TYPE NAME ID or --from-compose PROJECT, not both");
                return await ComposeImport.RunAsync(env, session, composition, project, parse.GetValue(yes), ct);
            }
            if (t is null || n is null || i is null) throw new CommandFailure(ExitCodes.BadConfiguration, "import needs TYPE NAME ID (e.g. infra import docker:Volume postgres-data my_pgdata) or --from-compose PROJECT");
            var request = new ResourceImportRequest(t, n, i, parse.GetValue(protect));
            var approved = true;
            StateEdit result;
            try
            {
                result = await session.Operations(composition, NullOperationObserver.Instance).ImportResourceAsync(session.Program(composition.Program), request, change =>
                {
                    foreach (var line in change.Changes) env.Out.WriteLine(line);
                    return approved = Confirmation.Ask(env, parse.GetValue(yes), skipPreview: false, $"Do you want to import it into stack '{session.Stack}'?");
                }, ct);
            }
            catch (ImportRefusedException e) { throw new CommandFailure(ExitCodes.BadConfiguration, e.Message); }
            if (!approved)
            {
                env.Error.WriteLine("error: confirmation declined, not proceeding");
                return ExitCodes.Cancelled;
            }
            env.Out.WriteLine($"Import complete: {request.Type} '{request.Name}' is managed by stack '{session.Stack}'; the next `infra up` takes it as it is.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
