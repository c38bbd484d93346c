using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Infra.Engine.Config;

/// <summary>
/// Refuses, in one streaming pass over the parser's events, a YAML file whose reading would not be bounded: too large,
/// nested too deep (the node tree is built recursively), or whose aliases expand to too many values (a "billion laughs":
/// a kilobyte of nested aliases is billions of values once each alias is expanded, as turning it into config does).
/// </summary>
internal static class YamlBounds
{
    public const long MaxBytes = 1024 * 1024;
    public const int MaxDepth = 64;
    public const long MaxExpandedValues = 100_000;

    /// <summary>Throws a <see cref="ConfigException"/> naming <paramref name="path"/> and the line where a bound was passed.</summary>
    public static void Check(string path, string text)
    {
        if (text.Length > MaxBytes) throw new ConfigException($"{path}: the file is larger than {MaxBytes / 1024} KB; a Pulumi stack or project file is a few KB");
        var parser = new Parser(new StringReader(text));
        // Each open collection's values so far, aliases expanded; an anchored node's total is remembered for its aliases.
        var open = new Stack<(string? Anchor, long Values)>();
        var anchored = new Dictionary<string, long>(StringComparer.Ordinal);
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            long values;
            switch (e)
            {
                case NodeEvent { } start when start is MappingStart or SequenceStart:
                    if (open.Count >= MaxDepth) throw Refused(path, e, $"values are nested more than {MaxDepth} levels deep");
                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1));
                    continue;
                case MappingEnd or SequenceEnd:
                    var (anchor, count) = open.Pop();
                    if (anchor is not null) anchored[anchor] = count;
                    values = count;
                    break;
                case Scalar s:
                    if (!s.Anchor.IsEmpty) anchored[s.Anchor.Value] = 1;
                    values = 1;
                    break;
                case AnchorAlias a:
                    // An unknown alias is left to the parser's own error, with its position.
                    values = anchored.GetValueOrDefault(a.Value.Value, 1);
                    break;
                default:
                    continue;
            }
            if (open.Count == 0) continue;
            var (parentAnchor, parentValues) = open.Pop();
            if (parentValues + values > MaxExpandedValues)
                throw Refused(path, e, $"its aliases expand to more than {MaxExpandedValues:N0} values (nested aliases, a \"billion laughs\")");
            open.Push((parentAnchor, parentValues + values));
        }
    }

    private static ConfigException Refused(string path, ParsingEvent e, string why) =>
        new($"{path}: refused at line {e.Start.Line}: {why}");
}
