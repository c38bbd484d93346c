using System.Security.Cryptography;
using System.Text;

namespace Infra.Engine.Secrets;

/// <summary>
/// Pulumi's passphrase secrets provider, byte-compatible: PBKDF2-HMAC-SHA256 (1,000,000 iterations,
/// 8-byte salt, 32-byte key) and AES-256-GCM with a 12-byte nonce, written <c>v1:nonce:ciphertext+tag</c>.
/// </summary>
public sealed class PassphraseCrypter : ISecretsCrypter
{
    public const int Iterations = 1_000_000;
    private const string Version = "v1";
    private const string Check = "pulumi";
    private readonly byte[] _key;

    private PassphraseCrypter(byte[] key) => _key = key;

    /// <summary>Opens an existing <c>encryptionsalt</c>; throws <see cref="IncorrectPassphraseException"/>.</summary>
    public static PassphraseCrypter FromEncryptionSalt(string passphrase, string encryptionSalt)
    {
        var parts = encryptionSalt.Split(':', 3);
        if (parts.Length != 3 || parts[0] != Version)
            throw new FormatException($"encryptionsalt '{encryptionSalt}' is not of the form v1:<salt>:<check>");
        var crypter = new PassphraseCrypter(DeriveKey(passphrase, Convert.FromBase64String(parts[1])));
        string check;
        try { check = crypter.Decrypt(parts[2]); }
        catch (CryptographicException) { throw new IncorrectPassphraseException(); }
        if (check != Check) throw new IncorrectPassphraseException();
        return crypter;
    }

    /// <summary>A new random salt for a stack that has none yet; returns the crypter and its <c>encryptionsalt</c>.</summary>
    public static (PassphraseCrypter Crypter, string EncryptionSalt) CreateNew(string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(8);
        var crypter = new PassphraseCrypter(DeriveKey(passphrase, salt));
        return (crypter, $"{Version}:{Convert.ToBase64String(salt)}:{crypter.Encrypt(Check)}");
    }

    private static byte[] DeriveKey(string passphrase, byte[] salt) =>
        Pbkdf2Sha256.Derive(Encoding.UTF8.GetBytes(passphrase), salt, Iterations);

    /// <summary>Loads the framework's AES-GCM (its OpenSSL set-up, tens of milliseconds) without using it.</summary>
    internal static void LoadCipher()
    {
        using var aes = new AesGcm(new byte[32], 16);
    }

    public string Encrypt(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[data.Length + 16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(0, data.Length), sealedBytes.AsSpan(data.Length));
        return $"{Version}:{Convert.ToBase64String(nonce)}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string Decrypt(string ciphertext)
    {
        var parts = ciphertext.Split(':');
        if (parts.Length != 3 || parts[0] != Version) throw new CryptographicException("not a v1 ciphertext");
        var nonce = Convert.FromBase64String(parts[1]);
        var sealedBytes = Convert.FromBase64String(parts[2]);
        if (nonce.Length != 12 || sealedBytes.Length < 16) throw new CryptographicException("malformed ciphertext");
        var data = new byte[sealedBytes.Length - 16];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(nonce, sealedBytes.AsSpan(0, data.Length), sealedBytes.AsSpan(data.Length), data);
        return Encoding.UTF8.GetString(data);
    }
}

public sealed class IncorrectPassphraseException(string message) : EngineException(message)
{
    public IncorrectPassphraseException() : this("incorrect passphrase") { }
}
