using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

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
        Started.GetOrAdd(Key(passphrase, encryptionSalt), _ => new Lazy<Task<PassphraseCrypter>>(
            () => Task.Run(() => PassphraseCrypter.FromEncryptionSalt(passphrase, encryptionSalt)))).Value;

    // The passphrase itself is not kept as a key: a hash of it tells two passphrases apart just as well.
    private static string Key(string passphrase, string encryptionSalt) =>
        encryptionSalt + "\n" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(passphrase)));
}
