using System.Collections.Concurrent;

namespace Infra.Engine.Secrets;

/// <summary>
/// Passphrase key derivations started ahead of need, one per passphrase and <c>encryptionsalt</c> in a process: whoever
/// asks first starts it on its own thread, later askers share it (its key, or its wrong-passphrase error). Lets a
/// command start the deliberately slow derivation before it has parsed its arguments.
/// </summary>
public static class KeyDerivations
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<PassphraseCrypter>>> Started = new(StringComparer.Ordinal);

    public static Task<PassphraseCrypter> Start(string passphrase, string encryptionSalt) =>
        Started.GetOrAdd(encryptionSalt + "\n" + passphrase, key => new Lazy<Task<PassphraseCrypter>>(() =>
        {
            // The cipher the key is checked with right after is loaded meanwhile, on another thread.
            _ = CipherLoaded.Value;
            return Task.Run(() => PassphraseCrypter.FromEncryptionSalt(passphrase, encryptionSalt));
        })).Value;

    private static readonly Lazy<Task> CipherLoaded = new(() => Task.Run(PassphraseCrypter.LoadCipher));
}
