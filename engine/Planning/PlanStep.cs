using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Engine.Planning;

/// <summary>
/// One resource's change. <see cref="Inputs"/> are the checked inputs (references resolved where known);
/// <see cref="Old"/> is the state entry being updated, replaced or deleted.
/// <see cref="Untargeted"/>: a same step for a resource a targeted run leaves out; its state entry is kept as it is.
/// </summary>
public sealed record PlanStep(
    StepOp Op,
    string Urn,
    string Type,
    string Reason,
    IReadOnlyList<PropertyChange> Changes,
    ResourceState? Old,
    DesiredResource? Desired,
    JsonObject? Inputs = null,
    JsonObject? PlannedOutputs = null,
    bool DeleteBeforeReplace = false,
    IReadOnlyList<string>? ReplaceKeys = null,
    bool Untargeted = false)
{
    public string Name => Model.Urn.Parse(Urn).Name;
    public bool IsCustom => Desired?.Custom ?? Old?.Custom ?? true;
    public IReadOnlyList<string> ReplaceKeysOrEmpty => ReplaceKeys ?? [];

    /// <summary>The reason of a resource a targeted run leaves alone.</summary>
    public const string NotTargeted = "not targeted";

    /// <summary>A resource a targeted run leaves out: a same step that keeps its state entry as it is.</summary>
    public static PlanStep LeftAlone(ResourceState old) =>
        new(StepOp.Same, old.Urn, old.Type, NotTargeted, [], old, null, old.Inputs, old.Outputs, Untargeted: true);
}
