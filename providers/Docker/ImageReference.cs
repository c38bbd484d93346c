namespace Infra.Providers.Docker;

/// <summary>Splits "repo[:tag][@digest]" the way the pull API wants it (a missing tag means latest, never "all tags").</summary>
public sealed record ImageReference(string Repository, string? Tag)
{
    public static ImageReference Parse(string name)
    {
        if (name.Contains('@')) return new ImageReference(name, null);
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? new ImageReference(name[..colon], name[(colon + 1)..]) : new ImageReference(name, "latest");
    }
}
