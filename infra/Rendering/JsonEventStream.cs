using System.Diagnostics;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Execution;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Properties;

namespace Infra.Cli.Rendering;

/// <summary>
/// <c>up|refresh|destroy --json</c>: one JSON object per line as the run goes, named after Pulumi's engine events
/// (<c>preludeEvent</c>, <c>resourcePreEvent</c>, <c>resOutputsEvent</c>, <c>resOpFailedEvent</c>,
/// <c>diagnosticEvent</c>, <c>summaryEvent</c>), each with <c>sequence</c> and <c>timestamp</c>. Secrets are masked
/// as <c>[secret]</c> and every line goes through the scrubber. Schema: docs/events.schema.json.
/// </summary>
public sealed class JsonEventStream(CliEnvironment env, StackSession session, string verb) : IOperationObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private int _sequence;

    public void Prelude() => Write("preludeEvent", new JsonObject { ["verb"] = verb, ["project"] = session.Project, ["stack"] = session.Stack });

    public void Evaluated(DesiredState desired)
    {
        foreach (var r in desired.Resources) session.Scrubber.Learn(r.Inputs);
    }

    public void Planned(Plan plan)
    {
        foreach (var w in plan.Warnings) Warning(w);
    }

    public void Warning(string message) => Write("diagnosticEvent", new JsonObject { ["severity"] = "warning", ["message"] = message });

    public void Started(Operation operation) => Write("resourcePreEvent", Resource(operation));

    void Infra.Engine.Planning.IRefreshObserver.RefreshStarted(Infra.Engine.State.ResourceState resource) =>
        Write("resourcePreEvent", new JsonObject { ["urn"] = resource.Urn, ["resourceType"] = resource.Type, ["op"] = "refresh" });

    void Infra.Engine.Planning.IRefreshObserver.RefreshCompleted(Infra.Engine.State.ResourceState resource, PlanStep outcome) =>
        Write("resOutputsEvent", new JsonObject { ["urn"] = resource.Urn, ["resourceType"] = resource.Type, ["op"] = "refresh", ["drift"] = Op(outcome.Op) });

    public void Progress(Operation operation, string message)
    {
        var o = Resource(operation);
        (o["severity"], o["message"]) = ("info", message);
        Write("diagnosticEvent", o);
    }

    public void Completed(Operation operation, TimeSpan elapsed)
    {
        var o = Resource(operation);
        o["elapsedSeconds"] = Math.Round(elapsed.TotalSeconds, 3);
        if (operation.Kind == OperationKind.Apply && operation.Step.PlannedOutputs is { } outputs) o["outputs"] = Masked(outputs);
        Write("resOutputsEvent", o);
    }

    public void Failed(Operation operation, Exception error)
    {
        var o = Resource(operation);
        o["message"] = ErrorText.Of(error);
        Write("resOpFailedEvent", o);
    }

    /// <summary>The closing event: the outcome, what is now done, and how long it took.</summary>
    public void Summary(OperationResult result)
    {
        var changes = new JsonObject();
        // A refresh records its plan without executing operations: its changes are the plan's.
        var summary = PlanSummary.Of(result.Execution is null ? result.Plan.Steps : result.Done.Steps);
        foreach (var (op, count) in summary.Changes) changes[Op(op)] = count;
        changes["same"] = summary.Unchanged;
        Write("summaryEvent", new JsonObject
        {
            ["result"] = result.Outcome.ToString().ToLowerInvariant(),
            ["resourceChanges"] = changes,
            ["durationSeconds"] = Math.Round(_clock.Elapsed.TotalSeconds, 3),
        });
    }

    private static JsonObject Resource(Operation operation) => new()
    {
        ["urn"] = operation.Step.Urn,
        ["resourceType"] = operation.Step.Type,
        ["op"] = operation.Kind == OperationKind.Apply ? Op(operation.Step.Op) : "delete",
    };

    private static string Op(StepOp op) => op.ToString().ToLowerInvariant();

    private static JsonNode? Masked(JsonNode? node) => node switch
    {
        _ when Secret.IsSecret(node) => JsonValue.Create("[secret]"),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Masked(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Masked).ToArray()),
        _ when Unknown.Is(node) => null,
        _ => node?.DeepClone(),
    };

    private void Write(string type, JsonObject body)
    {
        lock (_gate)
        {
            var line = new JsonObject { ["type"] = type, ["sequence"] = ++_sequence, ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            foreach (var (k, v) in body) line[k] = v?.DeepClone();
            env.Out.WriteLine(session.Scrubber.Scrub(line.ToJsonString()));
        }
    }
}
