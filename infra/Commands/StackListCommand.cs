using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Config;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra stack ls [--json]</c>: the project's stacks (with state or a stack file), the current one marked, with
/// Pulumi's columns: last update, resource count, whether an update holds the lock, where the state is.
/// </summary>
public static class StackListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("ls", "List the project's stacks") { json };
        command.SetAction(async (parse, ct) =>
        {
            var project = ProjectFile.Find(env.WorkingDirectory);
            await using var store = BackendFactory.Store(env.Variables, project.BackendUrl);
            var current = CurrentOrNull(env, project);
            var withState = await store.ListStacksAsync(project.Name, ct);
            var rows = new List<Row>();
            foreach (var name in withState.Union(project.StacksWithFiles()).Order(StringComparer.Ordinal))
            {
                var path = StateStore.StatePath(project.Name, name);
                var summary = await store.Storage.ReadAsync(path, ct) is { } raw ? CheckpointSummary.Read(raw, $"{store.Storage.Location}/{path}") : null;
                var locked = await store.Storage.ReadAsync(StateStore.LockPath(project.Name, name), ct) is not null;
                rows.Add(new Row(name, name == current, summary, locked, store.Storage.Location));
            }
            if (parse.GetValue(json)) env.Out.WriteLine(Json(rows));
            else Table(env.Out, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Row(string Name, bool Current, CheckpointSummary? Summary, bool UpdateInProgress, string Url);

    /// <summary>The current stack if anything names one; a list is still printed when nothing does.</summary>
    private static string? CurrentOrNull(CliEnvironment env, ProjectFile project)
    {
        try { return StackSession.CurrentStack(env, project, null); }
        catch (Engine.ConfigException) { return null; }
    }

    /// <summary>Pulumi's <c>stack ls --json</c> shape.</summary>
    private static string Json(IEnumerable<Row> rows) => new JsonArray(rows.Select(r => (JsonNode)new JsonObject
    {
        ["name"] = r.Name,
        ["current"] = r.Current,
        ["lastUpdate"] = r.Summary?.LastUpdate?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        ["updateInProgress"] = r.UpdateInProgress,
        ["resourceCount"] = r.Summary?.ResourceCount,
        ["url"] = r.Url,
    }).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static void Table(TextWriter output, IReadOnlyList<Row> rows)
    {
        var width = rows.Select(r => r.Name.Length + 1).Append(4).Max();
        output.WriteLine($"{"NAME".PadRight(width)}  {"LAST UPDATE",-20}  {"RESOURCE COUNT",-14}  URL");
        foreach (var r in rows)
        {
            var update = r.UpdateInProgress ? "in progress" : r.Summary?.LastUpdate?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'") ?? "n/a";
            var count = r.Summary?.ResourceCount.ToString() ?? "n/a";
            output.WriteLine($"{(r.Current ? r.Name + "*" : r.Name).PadRight(width)}  {update,-20}  {count,-14}  {r.Url}");
        }
    }
}
