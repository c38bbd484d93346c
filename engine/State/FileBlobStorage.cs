namespace Infra.Engine.State;

/// <summary>The <c>file://</c> backend: a folder on this machine.</summary>
public sealed class FileBlobStorage(string root) : IBlobStorage
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Location => $"file://{Root}";

    private string Full(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        var full = Full(path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, ct) : null;
    }

    public async Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct)
    {
        var full = Full(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await stream.WriteAsync(content, ct);
            stream.Flush(flushToDisk: true);
        }
        if (File.Exists(full)) File.Copy(full, full + ".bak", overwrite: true);
        File.Move(temp, full, overwrite: true);
    }

    public async Task<bool> CreateExclusiveAsync(string path, byte[] content, CancellationToken ct)
    {
        var full = Full(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        try
        {
            await using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await stream.WriteAsync(content, ct);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            return false;
        }
    }

    public Task DeleteAsync(string path, CancellationToken ct)
    {
        File.Delete(Full(path));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken ct)
    {
        var full = Full(directory);
        IReadOnlyList<string> names = Directory.Exists(full)
            ? Directory.GetFiles(full).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(names);
    }
}
