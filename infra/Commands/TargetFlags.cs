using System.CommandLine;
using Infra.Engine.Model;
using Infra.Engine.Planning;

namespace Infra.Cli.Commands;

/// <summary>
/// Pulumi's flags for a targeted run, spelled and shortened as its verbs have them, parsed into the engine's
/// <see cref="TargetOptions"/>: <c>--target</c>/<c>-t</c>, <c>--target-dependents</c>, <c>--exclude</c> (<c>-x</c>, but
/// not on <c>up</c>), <c>--exclude-dependents</c>, and on <c>up</c> and <c>preview</c> <c>--replace</c> and
/// <c>--target-replace</c>. Each URN flag repeats; <c>--target</c> and <c>--exclude</c> do not mix.
/// </summary>
public sealed class TargetFlags
{
    private const string Urns = "a URN, or a pattern with * (within one part) and ** (anything); repeat the flag for more";

    private readonly Option<string[]> _target;
    private readonly Option<bool> _targetDependents;
    private readonly Option<string[]> _exclude;
    private readonly Option<bool> _excludeDependents;
    private readonly Option<string[]>? _replace;
    private readonly Option<string[]>? _targetReplace;

    private TargetFlags(string only, bool replace, bool shortExclude)
    {
        _target = new("--target", "-t") { Description = $"{only} ({Urns}); the others keep their state as it is" };
        _targetDependents = new("--target-dependents") { Description = "Also every resource that depends on a target, or is its child, transitively" };
        _exclude = shortExclude ? new("--exclude", "-x") : new("--exclude");
        _exclude.Description = $"Leave this resource out, and operate on all the others ({Urns})";
        _excludeDependents = new("--exclude-dependents") { Description = "Also leave out every resource that depends on an excluded one, transitively" };
        if (!replace) return;
        _replace = new("--replace") { Description = $"Replace this resource even if nothing changed ({Urns})" };
        _targetReplace = new("--target-replace") { Description = "Replace this resource and operate on nothing else: --target URN --replace URN" };
    }

    public static TargetFlags ForUp() => new("Update only this resource", replace: true, shortExclude: false);
    public static TargetFlags ForPreview() => new("Preview only this resource", replace: true, shortExclude: true);
    public static TargetFlags ForRefresh() => new("Refresh only this resource", replace: false, shortExclude: true);

    public static TargetFlags ForDestroy() => new("Destroy only this resource; whatever depends on it must be targeted too, or pass --target-dependents",
        replace: false, shortExclude: true);

    public void AddTo(Command command)
    {
        foreach (var option in new Option?[] { _target, _targetDependents, _exclude, _excludeDependents, _replace, _targetReplace }.OfType<Option>())
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            var targeted = result.GetResult(_target) is not null || (_targetReplace is not null && result.GetResult(_targetReplace) is not null);
            if (targeted && result.GetResult(_exclude) is not null) result.AddError("--target and --exclude cannot be used together");
        });
    }

    public TargetOptions Parse(ParseResult parse)
    {
        var targetReplace = Values(parse, _targetReplace);
        return new TargetOptions(
            UrnPattern.All([.. Values(parse, _target), .. targetReplace]),
            UrnPattern.All(Values(parse, _exclude)),
            UrnPattern.All([.. Values(parse, _replace), .. targetReplace]),
            parse.GetValue(_targetDependents),
            parse.GetValue(_excludeDependents));
    }

    private static string[] Values(ParseResult parse, Option<string[]>? option) => option is null ? [] : parse.GetValue(option) ?? [];
}
