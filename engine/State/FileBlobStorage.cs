namespace Infra.Engine.State;

/// <summary>The <c>file://</c> backend: a folder on this machine.</summary>
/// <param name="reached">Told <see cref="StatePoint.CheckpointWrite"/> between a checkpoint's temp file and its rename (tests pause there).</param>
public sealed class FileBlobStorage(string root, Action<string>? reached = null) : IBlobStorage
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
        CreateFolderOf(path, full);
        var temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(content, ct);
                stream.Flush(flushToDisk: true);
            }
            if (StatePoint.IsCheckpoint(path)) reached?.Invoke(StatePoint.CheckpointWrite);
            if (File.Exists(full)) CopyToBackup(full);
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e)
        {
            // A full disk fails the temp file or the backup copy: the previous version stays whole, and no half file is left.
            DeleteQuietly(temp);
            throw new StateException($"cannot write {Location}/{path}: {Reason(e)} (the previous version is unchanged)");
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    private static void DeleteQuietly(string file)
    {
        try { File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The <c>.bak</c> is itself replaced by a rename, so a failed copy never leaves a truncated backup.</summary>
    private static void CopyToBackup(string full)
    {
        var temp = $"{full}.bak.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.Copy(full, temp);
            File.Move(temp, full + ".bak", overwrite: true);
        }
        catch
        {
            DeleteQuietly(temp);
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
        CreateFolderOf(path, full);
        FileStream stream;
        try { stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None); }
        catch (IOException) when (File.Exists(full)) { return false; }
        catch (IOException e) { throw new StateException($"cannot write {Location}/{path}: {Reason(e)}"); }
        try
        {
            await using (stream)
            {
                await stream.WriteAsync(content, ct);
                stream.Flush(flushToDisk: true);
            }
            return true;
        }
        catch (IOException e)
        {
            // Made but not filled (a full disk): an empty lock would look like another run's.
            File.Delete(full);
            throw new StateException($"cannot write {Location}/{path}: {Reason(e)}");
        }
    }

    /// <summary>The system's reason without the path .NET appends (the message names the file already).</summary>
    private static string Reason(IOException e) =>
        e.Message.IndexOf(" : '", StringComparison.Ordinal) is var cut and > 0 ? e.Message[..cut] : e.Message;

    private void CreateFolderOf(string path, string full)
    {
        try { Directory.CreateDirectory(Path.GetDirectoryName(full)!); }
        catch (IOException e) { throw new StateException($"cannot write {Location}/{path}: {Reason(e)}"); }
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
