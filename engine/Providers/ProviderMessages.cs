using System.Text.Json.Nodes;
using Infra.Engine.State;

namespace Infra.Engine.Providers;

public sealed record CheckRequest(string Urn, string Type, JsonObject News, ResourceState? Old);

/// <param name="Inputs">The normalised inputs to store and diff.</param>
/// <param name="PlannedOutputs">Outputs already known at plan time (e.g. a generated password), or null.</param>
/// <param name="Failures">Validation errors; non-empty fails the plan and names the resource.</param>
public sealed record CheckResult(JsonObject Inputs, JsonObject? PlannedOutputs = null, IReadOnlyList<string>? Failures = null);

public sealed record DiffRequest(string Urn, string Type, string Id, JsonObject OldInputs, JsonObject OldOutputs, JsonObject NewInputs);

/// <param name="ChangedKeys">Top-level input keys that differ.</param>
/// <param name="ReplaceKeys">The changed keys that cannot be updated in place.</param>
/// <param name="DeleteBeforeReplace">The old object must go before the new one exists (fixed names, ports).</param>
public sealed record DiffResult(IReadOnlyList<string> ChangedKeys, IReadOnlyList<string> ReplaceKeys, bool DeleteBeforeReplace = false)
{
    public static readonly DiffResult None = new([], []);
    public bool HasChanges => ChangedKeys.Count > 0;
}

/// <param name="Progress">Receives human progress lines (image pull layers, health waits).</param>
/// <param name="WaitingChain">
/// How many operations of the run wait on this one in its longest chain of dependents (0: nothing waits on it). A
/// provider whose host does creations one at a time anyway can give the longest chains the host first.
/// </param>
public sealed record CreateRequest(string Urn, string Type, JsonObject Inputs, JsonObject? PlannedOutputs, IProgress<string>? Progress = null,
    int WaitingChain = 0);

public sealed record CreateResult(string Id, JsonObject Outputs);

public sealed record ReadRequest(string Urn, string Type, string Id, JsonObject Inputs, JsonObject Outputs);

public sealed record ReadResult(string Id, JsonObject Inputs, JsonObject Outputs)
{
    public static readonly ReadResult Gone = new("", [], []);
    public bool IsGone => Id.Length == 0;
}

public sealed record UpdateRequest(
    string Urn, string Type, string Id, JsonObject OldInputs, JsonObject OldOutputs, JsonObject NewInputs,
    IReadOnlyList<string> ChangedKeys, IProgress<string>? Progress = null);

public sealed record UpdateResult(JsonObject Outputs);

public sealed record DeleteRequest(string Urn, string Type, string Id, JsonObject Inputs, JsonObject Outputs);
