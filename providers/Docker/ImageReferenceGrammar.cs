using System.Text.RegularExpressions;

namespace Infra.Providers.Docker;

/// <summary>Docker's grammar for an image reference (distribution/reference): <c>[host[:port]/]path[:tag][@digest]</c>, path lowercase.</summary>
public static partial class ImageReferenceGrammar
{
    [GeneratedRegex(
        @"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?" +
        @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*" +
        @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?" +
        @"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")]
    private static partial Regex Pattern();

    public const int MaxNameLength = 255;

    public static bool IsValid(string? reference) =>
        reference is { Length: > 0 } r && Pattern().IsMatch(r) && ImageReference.Parse(r.Split('@')[0]).Repository.Length <= MaxNameLength;
}
