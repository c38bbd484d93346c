using System.Collections.Concurrent;

namespace Infra.Engine.Secrets;

/// <summary>
/// Keeps a secret's ciphertext stable while its plaintext is unchanged, as Pulumi's caching crypter does: a value
/// decrypted from the state is encrypted back to the same ciphertext, so a run that changes nothing writes the
/// same bytes. New plaintexts get a fresh nonce once and keep it for the rest of the run.
/// </summary>
/// <remarks>
/// Keyed by plaintext, so two equal secrets of one state share one ciphertext: the file shows that they are equal,
/// never what they are. A ciphertext is only ever reused for the very plaintext it seals (no nonce reuse).
/// </remarks>
public sealed class CachingCrypter(ISecretsCrypter inner) : ISecretsCrypter
{
    private readonly ConcurrentDictionary<string, string> _ciphertextOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _plaintextOf = new(StringComparer.Ordinal);

    public string Encrypt(string plaintext) =>
        _ciphertextOf.GetOrAdd(plaintext, p => Remember(inner.Encrypt(p), p));

    public string Decrypt(string ciphertext)
    {
        if (_plaintextOf.TryGetValue(ciphertext, out var known)) return known;
        var plaintext = inner.Decrypt(ciphertext);
        _plaintextOf[ciphertext] = plaintext;
        _ciphertextOf.TryAdd(plaintext, ciphertext);
        return plaintext;
    }

    private string Remember(string ciphertext, string plaintext)
    {
        _plaintextOf[ciphertext] = plaintext;
        return ciphertext;
    }
}
