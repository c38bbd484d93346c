using Infra.Engine.Model;
using Infra.Engine.State;

namespace Infra.Engine.Planning;

/// <summary>
/// The resources a run operates on, resolved from <see cref="TargetOptions"/> over what each resource depends on
/// (its dependencies and its parent): the targets and, with <c>--target-dependents</c>, everything that depends on
/// them, transitively; or everything but the excludes (and, with <c>--exclude-dependents</c>, their dependents).
/// The stack itself (its outputs) depends on nothing here, as Pulumi's stack resource, so it never pulls anything in.
/// </summary>
public sealed class RunScope
{
    private readonly IReadOnlySet<string>? _included;

    private RunScope(TargetOptions options, IReadOnlySet<string>? included)
    {
        Options = options;
        _included = included;
    }

    public TargetOptions Options { get; }

    public bool IsConstrained => _included is not null;

    /// <summary>Resources are selected by <c>--target</c> (not <c>--exclude</c>): a dependent left out is an error, not something to keep.</summary>
    public bool ByTargets => Options.Targets.Count > 0;

    public bool Includes(string urn) => _included?.Contains(urn) ?? true;

    /// <summary>
    /// For <c>up</c> and <c>preview</c>: the program's resources and the state's. A resource depends on what the program
    /// says and on what its state entry recorded, so a dependent that drops a dependency is still found. The stack is
    /// always in an update (its outputs follow whatever the run changes), as Pulumi's stack resource is.
    /// </summary>
    public static RunScope ForUpdate(TargetOptions options, DesiredState desired, StackSnapshot prior)
    {
        if (!options.IsConstrained) return new RunScope(options, null);
        var old = prior.Resources.Where(r => !r.Delete).GroupBy(r => r.Urn).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var declared = desired.Resources.Select(d => d.Urn).ToHashSet(StringComparer.Ordinal);
        var resources = desired.Resources
            .Select(d => (d.Urn, d.Type, DependsOn(d.Dependencies, d.Parent).Concat(old.TryGetValue(d.Urn, out var o) ? DependsOn(o) : [])))
            .Concat(prior.Resources.Where(r => !declared.Contains(r.Urn)).Select(r => (r.Urn, r.Type, DependsOn(r))));
        return Resolve(options, resources, includeStack: true);
    }

    /// <summary>For <c>refresh</c> and <c>destroy</c>: the state's resources.</summary>
    public static RunScope ForState(TargetOptions options, StackSnapshot prior) =>
        Resolve(options, prior.Resources.Select(r => (r.Urn, r.Type, DependsOn(r))), includeStack: false);

    public static bool IsStack(string type) => type == StackRoot.TypeToken;

    private static IEnumerable<string> DependsOn(ResourceState r) => DependsOn(r.Dependencies, r.Parent);

    private static IEnumerable<string> DependsOn(IEnumerable<string> dependencies, string? parent) =>
        parent is null ? dependencies : dependencies.Append(parent);

    private static RunScope Resolve(TargetOptions options, IEnumerable<(string Urn, string Type, IEnumerable<string> DependsOn)> resources, bool includeStack)
    {
        if (!options.IsConstrained) return new RunScope(options, null);
        var dependents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        var stack = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (urn, type, dependsOn) in resources)
        {
            all.Add(urn);
            if (IsStack(type))
            {
                stack.Add(urn);
                continue;
            }
            foreach (var dep in dependsOn)
                (dependents.TryGetValue(dep, out var list) ? list : dependents[dep] = []).Add(urn);
        }

        var byTargets = options.Targets.Count > 0;
        var patterns = byTargets ? options.Targets : options.Excludes;
        var matched = all.Where(urn => patterns.Any(p => p.Matches(urn))).ToHashSet(StringComparer.Ordinal);
        if (byTargets ? options.TargetDependents : options.ExcludeDependents) AddDependents(matched, dependents);
        var included = byTargets ? matched : all.Where(u => !matched.Contains(u)).ToHashSet(StringComparer.Ordinal);
        if (includeStack) included.UnionWith(stack);
        return new RunScope(options, included);
    }

    private static void AddDependents(HashSet<string> set, Dictionary<string, List<string>> dependents)
    {
        var queue = new Queue<string>(set);
        while (queue.Count > 0)
            foreach (var next in dependents.GetValueOrDefault(queue.Dequeue()) ?? [])
                if (set.Add(next)) queue.Enqueue(next);
    }
}
