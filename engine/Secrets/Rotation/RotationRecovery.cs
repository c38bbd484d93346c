using Infra.Engine.Config;
using Infra.Engine.State;

namespace Infra.Engine.Secrets.Rotation;

/// <summary>What a run found of an interrupted change of passphrase.</summary>
public enum RecoveryOutcome
{
    /// <summary>No change was under way.</summary>
    None,
    /// <summary>The stack file had the new salt: the backend files were switched to their staged copies.</summary>
    Finished,
    /// <summary>The stack file had the old salt: the staged copies were dropped; nothing else had changed.</summary>
    Undone,
}

/// <summary>
/// Finishes or undoes a change of passphrase a killed run left behind (its marker is on the backend), before a
/// command reads anything. The stack file decides: with the new <c>encryptionsalt</c> the change was committed and
/// every staged copy still there replaces its file; with the old one no backend file was replaced yet and the
/// copies are dropped. Both are safe to repeat if this run is killed too. Run under the stack's lock.
/// </summary>
public sealed class RotationRecovery(IBlobStorage storage, string project, string stack, string stackFilePath, Action<string>? reached = null)
{
    private readonly Action<string> _reached = reached ?? (_ => { });
    private string MarkerPath => RotationMarker.PathOf(project, stack);
    private string Location => $"{storage.Location}/{MarkerPath}";

    /// <summary>Whether a change was left unfinished (read without the lock, to decide whether to take it).</summary>
    public async Task<bool> PendingAsync(CancellationToken ct) => await storage.ReadAsync(MarkerPath, ct) is not null;

    public async Task<RecoveryOutcome> RunAsync(CancellationToken ct)
    {
        if (await storage.ReadAsync(MarkerPath, ct) is not { } content) return RecoveryOutcome.None;
        var marker = RotationMarker.FromJson(content, Location);
        // Read again now that the lock is held: the killed run may have renamed it after this run first read it.
        var stackFile = StackConfigFile.LoadOrEmpty(stackFilePath);
        if (stackFile.EncryptionSalt == marker.NewSalt)
        {
            foreach (var file in marker.Files)
            {
                var staged = RotationMarker.StagedPath(file);
                // A copy is removed only once its file is replaced, so a missing one was switched already.
                if (await storage.ReadAsync(staged, ct) is not { } copy) continue;
                await SecretsRotation.SwitchAsync(storage, file, copy, ct);
                await storage.DeleteAsync(staged, ct);
                _reached(RotationStep.Recovering);
            }
            await storage.DeleteAsync(MarkerPath, ct);
            return RecoveryOutcome.Finished;
        }
        if (stackFile.EncryptionSalt != marker.OldSalt)
            throw new StateException(
                $"{stackFilePath}: its encryptionsalt is neither the one before nor the one after the unfinished change of passphrase recorded in {Location}; put back the stack file that change wrote or started from");
        // Undoing from another checkout could drop copies the checkout that made the change already committed to.
        if (marker.Host != Environment.MachineName || Path.GetFullPath(marker.StackFile) != Path.GetFullPath(stackFilePath))
            throw new StateException(
                $"a change of passphrase of stack '{stack}' started on host {marker.Host} for {marker.StackFile} did not finish; run any infra command for this stack there to finish or undo it ({Location})");
        if (marker.Files.Count > 0 && Reencryption.SaltOf(await storage.ReadAsync(marker.Files[0], ct)) == marker.NewSalt)
            throw new StateException(
                $"{storage.Location}/{marker.Files[0]} already has the new passphrase but {stackFilePath} has the old encryptionsalt: put back the stack file the change wrote (encryptionsalt {marker.NewSalt})");
        foreach (var file in marker.Files) await storage.DeleteAsync(RotationMarker.StagedPath(file), ct);
        if (File.Exists(stackFile.TempPath)) File.Delete(stackFile.TempPath);
        await storage.DeleteAsync(MarkerPath, ct);
        return RecoveryOutcome.Undone;
    }
}
