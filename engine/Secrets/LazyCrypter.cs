namespace Infra.Engine.Secrets;

/// <summary>Derives the real crypter only when a secret is actually encrypted or decrypted.</summary>
public sealed class LazyCrypter(Func<ISecretsCrypter> factory) : ISecretsCrypter
{
    private readonly Lazy<ISecretsCrypter> _inner = new(factory);
    public string Encrypt(string plaintext) => _inner.Value.Encrypt(plaintext);
    public string Decrypt(string ciphertext) => _inner.Value.Decrypt(ciphertext);
}
