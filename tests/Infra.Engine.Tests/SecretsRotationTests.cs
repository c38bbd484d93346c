using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Properties;
using Infra.Engine.Secrets;
using Infra.Engine.Secrets.Rotation;
using Infra.Engine.State;

namespace Infra.Engine.Tests;

/// <summary>
/// The change of passphrase and its recovery on a file backend, with keyed stand-in crypters (no key derivation):
/// what is re-encrypted, and a run stopped at every step finished or undone. The real process killed with SIGKILL is
/// in the CLI tests (ChangeSecretsProviderCrashTests).
/// </summary>
public sealed class SecretsRotationTests : IDisposable
{
    private const string OldSalt = "salt-old";
    private const string NewSalt = "salt-new";
    private static readonly KeyCrypter Old = new("old");
    private static readonly KeyCrypter New = new("new");

    private readonly string _root = Directory.CreateTempSubdirectory("infra-rotation-").FullName;
    private readonly FileBlobStorage _storage;
    private readonly string _stackFile;

    public SecretsRotationTests()
    {
        _storage = new FileBlobStorage(Path.Combine(_root, "backend"));
        _stackFile = Path.Combine(_root, "Pulumi.dev.yaml");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Stands in for the passphrase crypter: a ciphertext names its key; another key cannot open it.</summary>
    private sealed class KeyCrypter(string key) : ISecretsCrypter
    {
        public string Encrypt(string plaintext) => $"v1:{key}:{Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext))}";

        public string Decrypt(string ciphertext)
        {
            var parts = ciphertext.Split(':');
            if (parts.Length != 3 || parts[1] != key) throw new CryptographicException("another key");
            return Encoding.UTF8.GetString(Convert.FromBase64String(parts[2]));
        }
    }

    private sealed class Stopped(string step) : Exception(step);

    private static ResourceState Resource(string name, string secret) => new()
    {
        Urn = Urn.Create("dev", "proj", "test:Thing", name).ToString(),
        Type = "test:Thing",
        Id = name + "-1",
        Inputs = new JsonObject { ["value"] = Secret.Wrap(JsonValue.Create(secret)), ["plain"] = "kept" },
        Outputs = new JsonObject { ["nested"] = new JsonObject { ["list"] = new JsonArray(Secret.Wrap(JsonValue.Create(secret + "-out"))) } },
    };

    private static byte[] Checkpoint(string secret, bool pending = false) => CheckpointSerializer.Write("proj", "dev",
        new StackSnapshot([Resource("a", secret)], pending ? [new PendingOperation(Resource("b", secret + "-pending"), "creating")] : []), OldSalt, Old);

    private async Task<StackConfigFile> SetUpAsync()
    {
        File.WriteAllText(_stackFile,
            $"encryptionsalt: {OldSalt}\nconfig:\n  proj:token:\n    secure: {Old.Encrypt("tok")}\n"
            + $"  proj:caddy:\n    users:\n      admin:\n        secure: {Old.Encrypt("adm")}\n  proj:list:\n  - plain\n  - secure: {Old.Encrypt("item")}\n");
        await _storage.WriteAtomicAsync(StateStore.StatePath("proj", "dev"), Checkpoint("now", pending: true), default);
        var history = new StackHistory(_storage, "proj", "dev");
        await history.AppendAsync("update", DateTimeOffset.UtcNow, HistoryEntry.Succeeded, new ResourceChanges(1, 0, 0, 0, 0), Checkpoint("before"), default);
        return StackConfigFile.Load(_stackFile);
    }

    private static string[] SecretsIn(byte[] checkpoint, ISecretsCrypter crypter)
    {
        var snapshot = CheckpointSerializer.Read(checkpoint, "test", () => crypter).Snapshot;
        return snapshot.Resources.Concat(snapshot.PendingOperations.Select(p => p.Resource))
            .SelectMany(r => Secret.PlaintextStrings(r.Inputs).Concat(Secret.PlaintextStrings(r.Outputs))).ToArray();
    }

    private async Task<byte[]> ReadAsync(string path) => (await _storage.ReadAsync(path, default))!;

    [Fact]
    public void A_checkpoint_keeps_everything_but_its_ciphertexts_and_salt()
    {
        var before = Checkpoint("s3", pending: true);

        var after = Reencryption.Checkpoint(before, Old, New, NewSalt, "test", out var count);

        Assert.Equal(4, count);
        Assert.Equal(SecretsIn(before, Old), SecretsIn(after, New));
        Assert.Throws<IncorrectPassphraseException>(() => SecretsIn(after, Old));
        Assert.Equal(NewSalt, Reencryption.SaltOf(after));
        // Only the ciphertexts and the salt differ.
        static string Masked(byte[] content) => System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(content), "v1:(old|new):[A-Za-z0-9+/=]+|salt-(old|new)", "X");
        Assert.Equal(Masked(before), Masked(after));
    }

    [Fact]
    public void A_secret_in_plaintext_form_is_encrypted_and_a_wrong_key_is_an_incorrect_passphrase()
    {
        var secret = new JsonObject { [Secret.SigKey] = Secret.SigValue, ["plaintext"] = "\"shown\"" };
        var resource = new JsonObject { ["urn"] = Urn.Create("dev", "proj", "test:Thing", "a").ToString(), ["type"] = "test:Thing", ["inputs"] = new JsonObject { ["p"] = secret } };
        var export = Encoding.UTF8.GetBytes(new JsonObject { ["version"] = 3, ["deployment"] = new JsonObject { ["resources"] = new JsonArray(resource) } }.ToJsonString());

        var after = Reencryption.Checkpoint(export, Old, New, NewSalt, "test", out _);

        Assert.DoesNotContain("shown", Encoding.UTF8.GetString(after));
        Assert.Equal(["shown"], SecretsIn(after, New));
        Assert.Throws<IncorrectPassphraseException>(() => Reencryption.Checkpoint(Checkpoint("x"), New, Old, OldSalt, "test", out _));
    }

    [Fact]
    public void Stack_config_secure_leaves_are_re_encrypted_at_any_depth()
    {
        var values = JsonNode.Parse($$"""{"proj:a":{"secure":"{{Old.Encrypt("1")}}"},"proj:b":{"c":[0,{"secure":"{{Old.Encrypt("2")}}"}]},"proj:d":"plain"}""")!.AsObject();

        var after = Reencryption.StackConfig(values, Old, New, "Pulumi.dev.yaml", out var count);

        Assert.Equal(2, count);
        Assert.Equal("1", New.Decrypt((string)after["proj:a"]!["secure"]!));
        Assert.Equal("2", New.Decrypt((string)after["proj:b"]!["c"]![1]!["secure"]!));
        Assert.Equal("plain", (string?)after["proj:d"]);
        Assert.Throws<ConfigException>(() => Reencryption.StackConfig(values, null, New, "Pulumi.dev.yaml", out _));
    }

    [Fact]
    public async Task A_complete_change_leaves_every_file_under_the_new_key_and_nothing_of_itself()
    {
        var file = await SetUpAsync();

        var summary = await new SecretsRotation(_storage, "proj", "dev", file).RunAsync(Old, New, NewSalt, default);

        Assert.Equal((3, 4, 1), (summary.ConfigSecrets, summary.StateSecrets, summary.HistoryEntries));
        Assert.Empty(summary.UnopenedHistory);
        AssertOpens(New, NewSalt);
        Assert.Equal(["now", "now-out", "now-pending", "now-pending-out"], SecretsIn(await ReadAsync(StateStore.StatePath("proj", "dev")), New));
        Assert.Equal(["before", "before-out"], SecretsIn(await ReadAsync("stacks/proj/dev.history/1.json"), New));
        // No copy under the old key (.bak), no staged copy, no marker.
        Assert.Equal(["1.json", "index.json"], await _storage.ListAsync("stacks/proj/dev.history", default));
        Assert.Equal(["dev.json"], await _storage.ListAsync("stacks/proj", default));
    }

    [Fact]
    public async Task A_history_entry_the_current_key_cannot_open_is_left_as_it_is()
    {
        var file = await SetUpAsync();
        var foreign = CheckpointSerializer.Write("proj", "dev", new StackSnapshot([Resource("a", "x")], []), "salt-other", new KeyCrypter("other"));
        await new StackHistory(_storage, "proj", "dev").AppendAsync("update", DateTimeOffset.UtcNow, HistoryEntry.Succeeded, new ResourceChanges(0, 0, 0, 0, 1), foreign, default);

        var summary = await new SecretsRotation(_storage, "proj", "dev", file).RunAsync(Old, New, NewSalt, default);

        Assert.Equal([2], summary.UnopenedHistory);
        Assert.Equal(foreign, await ReadAsync("stacks/proj/dev.history/2.json"));
        Assert.Equal(["before", "before-out"], SecretsIn(await ReadAsync("stacks/proj/dev.history/1.json"), New));
    }

    public static TheoryData<string> Steps => new(RotationStep.Rotation);

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_change_stopped_at_any_step_is_finished_once_committed_and_undone_before(string step)
    {
        var file = await SetUpAsync();
        var rotation = new SecretsRotation(_storage, "proj", "dev", file, at => { if (at == step) throw new Stopped(at); });
        await Assert.ThrowsAsync<Stopped>(() => rotation.RunAsync(Old, New, NewSalt, default));
        var committed = RotationStep.Rotation.ToList().IndexOf(step) >= RotationStep.Rotation.ToList().IndexOf(RotationStep.StackFile);

        var outcome = await new RotationRecovery(_storage, "proj", "dev", _stackFile).RunAsync(default);

        Assert.Equal(committed ? RecoveryOutcome.Finished : RecoveryOutcome.Undone, outcome);
        if (committed) AssertOpens(New, NewSalt);
        else AssertOpens(Old, OldSalt);
        Assert.False(File.Exists(_stackFile + ".tmp"));
        Assert.Null(await _storage.ReadAsync(RotationMarker.PathOf("proj", "dev"), default));
        Assert.Null(await _storage.ReadAsync(RotationMarker.StagedPath(StateStore.StatePath("proj", "dev")), default));
        Assert.Equal(RecoveryOutcome.None, await new RotationRecovery(_storage, "proj", "dev", _stackFile).RunAsync(default));
    }

    [Fact]
    public async Task A_stack_file_with_neither_salt_or_with_the_old_salt_after_the_state_switched_is_refused()
    {
        var file = await SetUpAsync();
        var rotation = new SecretsRotation(_storage, "proj", "dev", file, at => { if (at == RotationStep.State) throw new Stopped(at); });
        await Assert.ThrowsAsync<Stopped>(() => rotation.RunAsync(Old, New, NewSalt, default));
        var committed = File.ReadAllText(_stackFile);

        File.WriteAllText(_stackFile, committed.Replace(NewSalt, OldSalt));
        var put = await Assert.ThrowsAsync<StateException>(() => new RotationRecovery(_storage, "proj", "dev", _stackFile).RunAsync(default));
        Assert.Contains("already has the new passphrase", put.Message);

        File.WriteAllText(_stackFile, committed.Replace(NewSalt, "salt-else"));
        var neither = await Assert.ThrowsAsync<StateException>(() => new RotationRecovery(_storage, "proj", "dev", _stackFile).RunAsync(default));
        Assert.Contains("neither the one before nor the one after", neither.Message);

        File.WriteAllText(_stackFile, committed);
        Assert.Equal(RecoveryOutcome.Finished, await new RotationRecovery(_storage, "proj", "dev", _stackFile).RunAsync(default));
        AssertOpens(New, NewSalt);
    }

    /// <summary>The stack file, the state and the history all open with <paramref name="crypter"/>, and hold the same plaintexts.</summary>
    private void AssertOpens(KeyCrypter crypter, string salt)
    {
        var file = StackConfigFile.Load(_stackFile);
        Assert.Equal(salt, file.EncryptionSalt);
        var config = StackConfig.Open(file, () => crypter);
        Assert.Equal("tok", Secret.Reveal(config.Get("proj:token"))!.GetValue<string>());
        Assert.Equal("adm", Secret.Reveal(config.Get("proj:caddy")!["users"]!["admin"])!.GetValue<string>());
        Assert.Equal("item", Secret.Reveal(config.Get("proj:list")![1])!.GetValue<string>());
        var state = File.ReadAllBytes(Path.Combine(_storage.Root, "stacks", "proj", "dev.json"));
        Assert.Equal(["now", "now-out", "now-pending", "now-pending-out"], SecretsIn(state, crypter));
        Assert.Equal(salt, Reencryption.SaltOf(state));
        var entry = File.ReadAllBytes(Path.Combine(_storage.Root, "stacks", "proj", "dev.history", "1.json"));
        Assert.Equal(["before", "before-out"], SecretsIn(entry, crypter));
        Assert.Equal(salt, Reencryption.SaltOf(entry));
    }
}
