using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary><c>infra stack history [--json]</c>: the stack's last operations, newest first, as <c>pulumi stack history</c>.</summary>
public static class StackHistoryCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliEnvironment env)
    {
        var stack = CommonOptions.Stack();
        var json = CommonOptions.Json();
        var command = new Command("history", "List the stack's operations (`stack export --version N` writes the state N started from)") { stack, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await StackSession.OpenAsync(env, parse.GetValue(stack), mayCreate: false, ct);
            var entries = await session.History().ListAsync(ct);
            if (parse.GetValue(json))
            {
                env.Out.WriteLine(new JsonArray(entries.Select(e => (JsonNode)StackHistory.Write(e)).ToArray()).ToJsonString(Indented));
                return ExitCodes.Ok;
            }
            if (entries.Count == 0)
            {
                env.Out.WriteLine($"Stack '{session.Stack}' has no history yet.");
                return ExitCodes.Ok;
            }
            env.Out.WriteLine($"{"VERSION",-8} {"KIND",-16} {"RESULT",-10} {"CHANGES",-16} {"START TIME",-20} DURATION");
            foreach (var e in entries)
                env.Out.WriteLine($"{e.Version,-8} {e.Kind,-16} {e.Result,-10} {e.ResourceChanges.Text(),-16} {e.StartTime.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {Duration(e.EndTime - e.StartTime)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Duration(TimeSpan t) => t.TotalSeconds < 60 ? $"{t.TotalSeconds:0}s" : $"{(int)t.TotalMinutes}m{t.Seconds:00}s";
}
