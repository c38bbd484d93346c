using System.CommandLine;
using Infra.Cli.Sessions;
using Infra.Engine;
using Infra.Engine.Operations;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra state delete|unprotect|rename|taint|untaint|repair</c>: Pulumi's verbs that edit the state directly.
/// Each takes the stack's lock, asks for confirmation (<c>--yes</c> when not interactive) and is recorded in the history.
/// </summary>
public static class StateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("state", "Edit the stack's state directly: delete, unprotect, rename, taint, untaint, repair");
        command.Subcommands.Add(Delete(env));
        command.Subcommands.Add(Unprotect(env));
        command.Subcommands.Add(Rename(env));
        command.Subcommands.Add(Taint(env, taint: true));
        command.Subcommands.Add(Taint(env, taint: false));
        command.Subcommands.Add(Repair(env));
        return command;
    }

    private static Argument<string> Urn() => new("urn") { Description = "The resource's URN (`infra stack export` lists them)" };

    private static Command Delete(CliEnvironment env)
    {
        var (stack, yes, urn) = (CommonOptions.Stack(), CommonOptions.Yes(), Urn());
        var force = new Option<bool>("--force") { Description = "Delete the resource even if it is protected" };
        var dependents = new Option<bool>("--target-dependents") { Description = "Delete the resources that depend on it too" };
        var command = new Command("delete", "Forget a resource: remove it from the state (nothing is deleted on the host)") { stack, yes, urn, force, dependents };
        command.SetAction((parse, ct) => EditAsync(env, parse.GetValue(stack), parse.GetValue(yes), HistoryKind.StateDelete,
            s => StateEdits.Delete(s, parse.GetValue(urn)!, parse.GetValue(dependents), parse.GetValue(force)), ct));
        return command;
    }

    private static Command Unprotect(CliEnvironment env)
    {
        var (stack, yes) = (CommonOptions.Stack(), CommonOptions.Yes());
        var urn = new Argument<string?>("urn") { Arity = ArgumentArity.ZeroOrOne, Description = "The resource's URN" };
        var all = new Option<bool>("--all") { Description = "Unprotect every resource of the stack" };
        var command = new Command("unprotect", "Clear a resource's protect flag in the state") { stack, yes, urn, all };
        command.SetAction((parse, ct) =>
        {
            var target = parse.GetValue(urn);
            if ((target is null) == !parse.GetValue(all))
                throw new CommandFailure(ExitCodes.BadConfiguration, "state unprotect needs either a URN or --all");
            return EditAsync(env, parse.GetValue(stack), parse.GetValue(yes), HistoryKind.StateUnprotect, s => StateEdits.Unprotect(s, target), ct);
        });
        return command;
    }

    private static Command Rename(CliEnvironment env)
    {
        var (stack, yes, urn) = (CommonOptions.Stack(), CommonOptions.Yes(), Urn());
        var name = new Argument<string>("new-name") { Description = "The resource's new name" };
        var command = new Command("rename", "Rename a resource in the state; references to it follow") { stack, yes, urn, name };
        command.SetAction((parse, ct) => EditAsync(env, parse.GetValue(stack), parse.GetValue(yes), HistoryKind.StateRename,
            s => StateEdits.Rename(s, parse.GetValue(urn)!, parse.GetValue(name)!), ct));
        return command;
    }

    private static Command Taint(CliEnvironment env, bool taint)
    {
        var (stack, yes) = (CommonOptions.Stack(), CommonOptions.Yes());
        var urns = new Argument<string[]>("urn") { Arity = ArgumentArity.OneOrMore, Description = "The resources' URNs" };
        var command = taint
            ? new Command("taint", "Mark resources to be replaced by the next `infra up`") { stack, yes, urns }
            : new Command("untaint", "Clear the taint of resources") { stack, yes, urns };
        command.SetAction((parse, ct) => EditAsync(env, parse.GetValue(stack), parse.GetValue(yes),
            taint ? HistoryKind.StateTaint : HistoryKind.StateUntaint, s => StateEdits.Taint(s, parse.GetValue(urns)!, taint), ct));
        return command;
    }

    private static Command Repair(CliEnvironment env)
    {
        var (stack, yes) = (CommonOptions.Stack(), CommonOptions.Yes());
        var command = new Command("repair", "Fix the state's order (dependencies first) and drop references to resources it does not hold") { stack, yes };
        command.SetAction((parse, ct) => EditAsync(env, parse.GetValue(stack), parse.GetValue(yes), HistoryKind.StateRepair, StateEdits.Repair, ct,
            showBefore: true));
        return command;
    }

    /// <summary>
    /// Runs one edit through the engine. With <paramref name="showBefore"/> the changes are listed before the
    /// confirmation (repair); otherwise after. Unknown URNs and invalid names are bad input (exit 2).
    /// </summary>
    private static async Task<int> EditAsync(CliEnvironment env, string? stackName, bool yes, string kind, Func<StackSnapshot, StateEdit> edit,
        CancellationToken ct, bool showBefore = false)
    {
        await using var session = await StackSession.OpenAsync(env, stackName, mayCreate: false, ct);
        StateEdit result;
        var approved = true;
        try
        {
            result = await session.StateOperations().EditStateAsync(kind, edit, change =>
            {
                if (showBefore) foreach (var line in change.Changes) env.Out.WriteLine($"  {line}");
                return approved = Confirmation.Ask(env, yes, skipPreview: false, $"This edits the state of stack '{session.Stack}' directly. Do you want to continue?");
            }, ct);
        }
        catch (Exception e) when (e is UnknownResourceException or InvalidNameException)
        {
            throw new CommandFailure(ExitCodes.BadConfiguration, e.Message);
        }
        if (!approved)
        {
            env.Error.WriteLine("error: confirmation declined, not proceeding");
            return ExitCodes.Cancelled;
        }
        if (!result.Changed)
        {
            env.Out.WriteLine(kind == HistoryKind.StateRepair ? "The state needs no repair." : "Nothing to change.");
            return ExitCodes.Ok;
        }
        if (!showBefore) foreach (var line in result.Changes) env.Out.WriteLine(line);
        return ExitCodes.Ok;
    }
}
