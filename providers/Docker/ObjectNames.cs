using System.Text.RegularExpressions;

namespace Infra.Providers.Docker;

/// <summary>Docker's rule for container, network and volume names.</summary>
public static partial class ObjectNames
{
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The 12-character short form of an object id.</summary>
    public static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
