namespace Infra.Engine.Planning;

/// <summary>Why a targeted run cannot go ahead as asked: one line each, naming the resource to add to the run.</summary>
internal static class TargetRefusals
{
    /// <summary>A resource in the run needs one left out that was never created (Pulumi: "depends on … which was not specified in --target list").</summary>
    public static string NotCreatedDependency(RunScope scope, DesiredResource d, string dependency) => scope.ByTargets
        ? $"{d.Type} '{d.Name}' depends on {dependency}, which is not targeted and does not exist yet, so it would have to be created; add --target {dependency}"
        : $"{d.Type} '{d.Name}' depends on {dependency}, which is excluded and does not exist yet, so it would have to be created; stop excluding it";

    /// <summary>A resource left out of the run depends on one replaced by deleting it first, so it would be replaced too.</summary>
    public static string DependsOnDeletedFirst(RunScope scope, DesiredResource d, string replaced) => scope.ByTargets
        ? $"{d.Type} '{d.Name}' is not targeted but depends on {replaced}, which is replaced by deleting it first, so it would have to be replaced too; add --target {d.Urn} or pass --target-dependents"
        : $"{d.Type} '{d.Name}' is excluded but depends on {replaced}, which is replaced by deleting it first, so it would have to be replaced too; stop excluding {d.Urn}";

    /// <summary>A resource left out of the run depends on one the run deletes (Pulumi: "will be destroyed but was not specified in --target list").</summary>
    public static string DependentNotTargeted(State.ResourceState dependent, string deleted) =>
        $"{dependent.Type} '{dependent.Name}' depends on {deleted}, which would be deleted, but is not in the --target list; add --target {dependent.Urn} or pass --target-dependents to proceed";
}
