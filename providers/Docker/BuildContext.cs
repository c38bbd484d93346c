using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Infra.Providers.Docker;

/// <summary>A local build context: its digest (plan time) and its tar (apply time).</summary>
public static class BuildContext
{
    /// <summary>SHA-256 over every file's relative path, mode and content, in a stable order.</summary>
    public static string Digest(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            hash.AppendData(Encoding.UTF8.GetBytes($"{relative}\0{(int)(OperatingSystem.IsWindows() ? 0 : File.GetUnixFileMode(file))}\0"));
            hash.AppendData(File.ReadAllBytes(file));
            hash.AppendData([0]);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<MemoryStream> TarAsync(string directory, CancellationToken ct)
    {
        var tar = new MemoryStream();
        await TarFile.CreateFromDirectoryAsync(directory, tar, includeBaseDirectory: false, ct);
        tar.Position = 0;
        return tar;
    }
}
