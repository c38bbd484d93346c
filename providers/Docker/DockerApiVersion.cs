using System.Globalization;

namespace Infra.Providers.Docker;

/// <summary>Picks the API version to speak: the daemon's own, capped at the newest this provider was written for.</summary>
public static class DockerApiVersion
{
    public static readonly Version NewestSupported = new(1, 51);

    public static Version Negotiate(string daemonVersion, string? forced)
    {
        if (forced is not null) return Parse(forced, "forced API version");
        var daemon = Parse(daemonVersion, "daemon API version");
        return daemon < NewestSupported ? daemon : NewestSupported;
    }

    public static Version Parse(string text, string what) =>
        Version.TryParse(text, out var v) && v.Build < 0
            ? v
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{what} '{text}' is not of the form 1.41"));
}
