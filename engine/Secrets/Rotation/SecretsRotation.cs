using Infra.Engine.Config;
using Infra.Engine.State;

namespace Infra.Engine.Secrets.Rotation;

/// <summary>What a change of passphrase re-encrypted, and the history entries it could not open.</summary>
public sealed record RotationSummary(int ConfigSecrets, int StateSecrets, int HistoryEntries, IReadOnlyList<int> UnopenedHistory);

/// <summary>
/// Changes a stack's passphrase: every secret of its stack file, state and history re-encrypted with a new key.
/// The stack file is local and the state may be remote, so no single write covers both; the order below makes the
/// stack file's <c>encryptionsalt</c> the one record of which passphrase the stack has (docs/secrets-rotation.md):
/// marker, staged copies (<c>&lt;file&gt;.rotated</c>), the stack file renamed into place (the commit), the backend
/// files replaced by their copies, the copies removed, the marker removed. A run killed anywhere is finished or
/// undone by <see cref="RotationRecovery"/>. Run under the stack's lock, after recovery found nothing unfinished.
/// </summary>
public sealed class SecretsRotation(IBlobStorage storage, string project, string stack, StackConfigFile stackFile, Action<string>? reached = null)
{
    private readonly Action<string> _reached = reached ?? (_ => { });

    /// <param name="from">Opens the current secrets; null when the stack file has no <c>encryptionsalt</c> (then it must hold no secret).</param>
    public async Task<RotationSummary> RunAsync(ISecretsCrypter? from, ISecretsCrypter to, string toSalt, CancellationToken ct)
    {
        var markerPath = RotationMarker.PathOf(project, stack);
        if (await storage.ReadAsync(markerPath, ct) is not null)
            throw new StateException($"an earlier change of passphrase of stack '{stack}' is unfinished ({storage.Location}/{markerPath})");

        // Everything is re-encrypted in memory first: a wrong passphrase or a corrupt file changes nothing.
        var config = Reencryption.StackConfig(stackFile.Values, from, to, stackFile.Path, out var configSecrets);
        var files = new List<(string Path, byte[] Content)>();
        var statePath = StateStore.StatePath(project, stack);
        var stateSecrets = 0;
        if (await storage.ReadAsync(statePath, ct) is { } state)
            files.Add((statePath, Reencryption.Checkpoint(state, from, to, toSalt, $"{storage.Location}/{statePath}", out stateSecrets)));
        var history = new StackHistory(storage, project, stack);
        var unopened = new List<int>();
        foreach (var entry in (await history.ListAsync(ct)).OrderBy(e => e.Version))
        {
            var path = history.CheckpointPath(entry.Version);
            if (await storage.ReadAsync(path, ct) is not { } content) continue;
            // An entry the current passphrase cannot open (written before the stack was re-created) stays as it is.
            try { files.Add((path, Reencryption.Checkpoint(content, from, to, toSalt, $"{storage.Location}/{path}", out _))); }
            catch (EngineException) { unopened.Add(entry.Version); }
        }

        var marker = new RotationMarker(stackFile.EncryptionSalt, toSalt, Path.GetFullPath(stackFile.Path), Environment.MachineName,
            Environment.ProcessId, DateTimeOffset.UtcNow, files.Select(f => f.Path).ToList());
        if (!await storage.CreateExclusiveAsync(markerPath, marker.ToJson(), ct))
            throw new StateException($"another change of passphrase of stack '{stack}' has started ({storage.Location}/{markerPath})");
        // From here on the change runs to its end: stopping half-way would only leave work for the next run.
        ct = CancellationToken.None;
        _reached(RotationStep.Marker);
        foreach (var (path, content) in files)
        {
            await storage.WriteAtomicAsync(RotationMarker.StagedPath(path), content, ct);
            _reached(path == statePath ? RotationStep.StagedState : RotationStep.StagedHistory);
        }
        _reached(RotationStep.Staged);

        stackFile.EncryptionSalt = toSalt;
        stackFile.Values.Clear();
        foreach (var (key, value) in config) stackFile.Values[key] = value?.DeepClone();
        stackFile.Save(() => _reached(RotationStep.StackFileTemp));
        _reached(RotationStep.StackFile);

        foreach (var (path, content) in files)
        {
            await SwitchAsync(storage, path, content, ct);
            _reached(path == statePath ? RotationStep.State : RotationStep.History);
        }
        _reached(RotationStep.Switched);
        foreach (var (path, _) in files) await storage.DeleteAsync(RotationMarker.StagedPath(path), ct);
        _reached(RotationStep.Cleaned);
        await storage.DeleteAsync(markerPath, ct);
        return new RotationSummary(configSecrets, stateSecrets, files.Count(f => f.Path != statePath), unopened);
    }

    /// <summary>
    /// Replaces a backend file by its re-encrypted content and drops the <c>.bak</c> the write leaves, a copy under
    /// the old key that the new passphrase could not open.
    /// </summary>
    internal static async Task SwitchAsync(IBlobStorage storage, string path, byte[] content, CancellationToken ct)
    {
        await storage.WriteAtomicAsync(path, content, ct);
        await storage.DeleteAsync(path + ".bak", ct);
    }
}
