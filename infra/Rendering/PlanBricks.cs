using Infra.Engine.Model;
using Infra.Engine.Planning;

namespace Infra.Cli.Rendering;

/// <summary>
/// The steps of one brick: the top-level component a step belongs to (a step's own component, or the
/// top-most component above it). <see cref="Type"/> and <see cref="Name"/> are null for what the stack
/// holds outside any brick; <see cref="Name"/> alone is null when only the URN's type chain told the brick.
/// </summary>
public sealed record BrickSteps(string? Type, string? Name, IReadOnlyList<PlanStep> Steps)
{
    public string Title => Type is null ? "Outside the bricks" : Type[(Type.LastIndexOf(':') + 1)..];
}

/// <summary>Groups a plan's steps by brick, bricks in the order the plan first mentions them.</summary>
public static class PlanBricks
{
    public static IReadOnlyList<BrickSteps> Group(Plan plan)
    {
        var byUrn = plan.Steps.GroupBy(s => s.Urn).ToDictionary(g => g.Key, g => g.First());
        return plan.Steps
            .GroupBy(s => BrickOf(s, byUrn))
            .Select(g => new BrickSteps(g.Key.Type, g.Key.Name, g.ToList()))
            .ToList();
    }

    private static (string? Type, string? Name) BrickOf(PlanStep step, IReadOnlyDictionary<string, PlanStep> byUrn)
    {
        if (step.Type == StackRoot.TypeToken) return (null, null);
        // Walk the parents (from the program, else the state) up to the one just below the stack root.
        var top = step;
        var seen = new HashSet<string> { step.Urn };
        while (ParentOf(top) is { } parent && byUrn.TryGetValue(parent, out var above) && above.Type != StackRoot.TypeToken && seen.Add(parent))
            top = above;
        if (top != step) return (top.Type, top.Name);
        return ParentOf(step) switch
        {
            // directly under the stack: a component is a brick of its own, a resource belongs to no brick
            { } parent when byUrn.TryGetValue(parent, out var p) && p.Type == StackRoot.TypeToken => step.IsCustom ? (null, null) : (step.Type, step.Name),
            // a parent the plan does not hold: its URN still names it
            { } parent => TopOfTypeChain(parent) is { } chained ? (chained, null) : (TypeOfUrn(parent), NameOfUrn(parent)),
            // nothing known but the URN: its type chain names the parent's type
            null => step.IsCustom ? (TopOfTypeChain(step.Urn), null) : (step.Type, step.Name),
        };
    }

    private static string? ParentOf(PlanStep step) => step.Desired?.Parent ?? step.Old?.Parent;

    /// <summary>The outermost parent type in the URN's type chain, unless that is the stack.</summary>
    private static string? TopOfTypeChain(string urn) =>
        Urn.TryParse(urn, out var u) && u.ParentTypes is [var top, ..] && top != StackRoot.TypeToken ? top : null;

    private static string? TypeOfUrn(string urn) =>
        Urn.TryParse(urn, out var u) && u.Type != StackRoot.TypeToken ? u.Type : null;

    private static string? NameOfUrn(string urn) => TypeOfUrn(urn) is null ? null : Urn.Parse(urn).Name;
}
