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
        if (Directory.Exists(full)) throw new StateException($"{full} is a folder, not a file: move it away");
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, ct) : null;
    }

    public async Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct)
    {
        var full = Full(path);
        if (Directory.Exists(full)) throw new StateException($"{full} is a folder, not a file: move it away");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(content, ct);
                stream.Flush(flushToDisk: true);
            }
            if (File.Exists(full)) File.Copy(full, full + ".bak", overwrite: true);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            // A failed write leaves the previous file as it was and no stray temporary file beside it.
            try { File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Creates and removes a probe file in <paramref name="directory"/>: a folder that cannot be written fails here, before a run changes anything.</summary>
    public Task CheckWritableAsync(string directory, CancellationToken ct)
    {
        var full = Full(directory);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"the state folder {full} cannot be written: {e.Message}");
        }
        return Task.CompletedTask;
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
