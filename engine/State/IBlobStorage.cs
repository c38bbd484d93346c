namespace Infra.Engine.State;

/// <summary>
/// Where state files live (a local folder, or a folder on a remote host). Paths are relative
/// and use '/'. Every write is atomic (temp file, fsync, rename) and keeps a <c>.bak</c> of the previous version.
/// </summary>
public interface IBlobStorage
{
    /// <summary>For messages: <c>file:///root/.infra</c>.</summary>
    string Location { get; }

    Task<byte[]?> ReadAsync(string path, CancellationToken ct);

    Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct);

    /// <summary>
    /// <see cref="WriteAtomicAsync(string, byte[], CancellationToken)"/>, then, once it is written, deletes
    /// <paramref name="thenDelete"/> (files the new content no longer names): one call where a storage can (one round trip
    /// over ssh://). A failed write deletes nothing.
    /// </summary>
    async Task WriteAtomicAsync(string path, byte[] content, IReadOnlyList<string> thenDelete, CancellationToken ct)
    {
        await WriteAtomicAsync(path, content, ct);
        foreach (var gone in thenDelete) await DeleteAsync(gone, ct);
    }

    /// <summary>Creates the file only if it does not exist (the lock primitive); false when it exists.</summary>
    Task<bool> CreateExclusiveAsync(string path, byte[] content, CancellationToken ct);

    /// <summary>
    /// <see cref="CreateExclusiveAsync(string, byte[], CancellationToken)"/>, naming the files the caller reads next once
    /// it holds the file (a lock): a storage whose every call is a round trip reads them in the same one, and answers the
    /// next read of each (once) with what it read, unless it changed the file since. Others ignore them.
    /// </summary>
    Task<bool> CreateExclusiveAsync(string path, byte[] content, IReadOnlyList<string> readNext, CancellationToken ct) =>
        CreateExclusiveAsync(path, content, ct);

    Task DeleteAsync(string path, CancellationToken ct);

    /// <summary>Fails (naming the folder) when files cannot be written in <paramref name="directory"/>; a storage that cannot tell does nothing.</summary>
    Task CheckWritableAsync(string directory, CancellationToken ct) => Task.CompletedTask;

    /// <summary>File names (not paths) directly in a folder; empty when it does not exist.</summary>
    Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken ct);
}
