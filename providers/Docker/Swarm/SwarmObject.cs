using System.Security.Cryptography;
using System.Text;

namespace Infra.Providers.Docker;

public enum SwarmObjectKind { Config, Secret }

/// <summary>
/// A Docker config or secret a service mounts, named after its content: Swarm cannot edit either, so a new content is a
/// new object (the old one is removed once no service uses it). <see cref="Target"/> is the file in the task's container.
/// </summary>
public sealed record SwarmObject(SwarmObjectKind Kind, string Name, byte[] Data, string Target, string Uid, string Gid, uint Mode)
{
    private const int MaxName = 64;

    public static SwarmObject Of(SwarmObjectKind kind, string service, string purpose, string content, string target,
        int? uid = null, int? gid = null, uint mode = 0b100_100_100)
    {
        var data = Encoding.UTF8.GetBytes(content);
        // The target is part of the name too: two files with one content are two mounts.
        var hash = Convert.ToHexStringLower(SHA256.HashData([.. data, 0, .. Encoding.UTF8.GetBytes(target)]))[..12];
        var slug = new string(purpose.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        var stem = $"{service}-{slug}";
        if (stem.Length > MaxName - hash.Length - 1) stem = stem[..(MaxName - hash.Length - 1)];
        return new SwarmObject(kind, $"{stem}-{hash}", data, target,
            (uid ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (gid ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), mode);
    }
}
