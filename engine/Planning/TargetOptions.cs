using Infra.Engine.Model;

namespace Infra.Engine.Planning;

/// <summary>
/// Pulumi's flags for a targeted run. With <see cref="Targets"/> only the matching resources (and, with
/// <see cref="TargetDependents"/>, whatever depends on them or is their child) are operated on; with
/// <see cref="Excludes"/> everything but those. Every other resource keeps its state entry as it is.
/// Targets take precedence over excludes, as in Pulumi's engine (its CLI refuses both at once).
/// </summary>
/// <param name="Replace"><c>--replace</c>: replace these even if unchanged (<c>up</c> and <c>preview</c> only).</param>
public sealed record TargetOptions(
    IReadOnlyList<UrnPattern> Targets,
    IReadOnlyList<UrnPattern> Excludes,
    IReadOnlyList<UrnPattern> Replace,
    bool TargetDependents = false,
    bool ExcludeDependents = false)
{
    public static readonly TargetOptions None = new([], [], []);

    public static TargetOptions Target(params string[] urns) => None with { Targets = UrnPattern.All(urns) };

    public static TargetOptions Exclude(params string[] urns) => None with { Excludes = UrnPattern.All(urns) };

    /// <summary>Some resources may be left out of the run.</summary>
    public bool IsConstrained => Targets.Count > 0 || Excludes.Count > 0;

    public bool ReplaceRequested(string urn) => Replace.Any(p => p.Matches(urn));

    /// <summary>
    /// Refuses a full URN (not a pattern) that names no resource in <paramref name="known"/> (the program's and the
    /// state's), before anything runs: one line per unknown URN.
    /// </summary>
    /// <exception cref="UnknownTargetException"></exception>
    public void RequireKnown(IEnumerable<string> known)
    {
        var urns = known.ToHashSet(StringComparer.Ordinal);
        var unknown = Named("--target", Targets).Concat(Named("--exclude", Excludes)).Concat(Named("--replace", Replace))
            .Where(n => !urns.Contains(n.Pattern.Text))
            .GroupBy(n => n.Pattern.Text, StringComparer.Ordinal)
            .Select(g => Describe(FlagOf(g.Select(n => n.Flag).ToList()), g.Key, urns))
            .ToList();
        if (unknown.Count > 0) throw new UnknownTargetException(unknown);
    }

    private static IEnumerable<(string Flag, UrnPattern Pattern)> Named(string flag, IReadOnlyList<UrnPattern> patterns) =>
        patterns.Where(p => !p.IsGlob).Select(p => (flag, p));

    /// <summary>The flag to name: a URN both targeted and replaced came from <c>--target-replace</c> (or both flags, which is the same).</summary>
    private static string FlagOf(IReadOnlyList<string> flags) =>
        flags.Contains("--target") && flags.Contains("--replace") ? "--target-replace" : flags[0];

    private static string Describe(string flag, string urn, IReadOnlySet<string> known)
    {
        var line = $"{flag} {urn}: no resource with this URN in the program or the stack's state; nothing changed (`infra stack export` lists the URNs)";
        // A shell expands "$docker" in an unquoted URN to nothing: name the likely cause, as Pulumi does.
        var shellAteIt = !urn.Contains('$') && Urn.TryParse(urn, out var given)
            && known.Any(k => k.Contains('$') && Urn.TryParse(k, out var u) && u.Name == given.Name);
        return shellAteIt ? line + "; did you forget to quote the URN, or escape its $, in your shell?" : line;
    }
}

/// <summary>A <c>--target</c>, <c>--exclude</c> or <c>--replace</c> naming no resource (bad input: exit 2, nothing changed).</summary>
public sealed class UnknownTargetException(IReadOnlyList<string> problems) : EngineException(string.Join(Environment.NewLine, problems));
