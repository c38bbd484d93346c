using Infra.Engine.Secrets;

namespace Infra.Engine.Tests;

public sealed class CachingCrypterTests
{
    /// <summary>Stands in for the passphrase crypter: a fresh "nonce" per encryption, as AES-GCM's.</summary>
    private sealed class CountingCrypter : ISecretsCrypter
    {
        public int Encryptions;
        public int Decryptions;
        public string Encrypt(string plaintext) => $"v1:{Interlocked.Increment(ref Encryptions)}:{plaintext}";
        public string Decrypt(string ciphertext)
        {
            Interlocked.Increment(ref Decryptions);
            return ciphertext.Split(':', 3)[2];
        }
    }

    [Fact]
    public void A_value_decrypted_encrypts_back_to_the_same_ciphertext_without_encrypting()
    {
        var inner = new CountingCrypter();
        var crypter = new CachingCrypter(inner);
        var stored = inner.Encrypt("pw");

        Assert.Equal("pw", crypter.Decrypt(stored));
        Assert.Equal(stored, crypter.Encrypt("pw"));
        Assert.Equal(1, inner.Encryptions);
    }

    [Fact]
    public void A_new_value_is_encrypted_once_and_keeps_its_ciphertext_and_other_values_get_their_own()
    {
        var inner = new CountingCrypter();
        var crypter = new CachingCrypter(inner);

        var first = crypter.Encrypt("a");
        Assert.Equal(first, crypter.Encrypt("a"));
        Assert.NotEqual(first, crypter.Encrypt("b"));
        Assert.Equal(2, inner.Encryptions);
        Assert.Equal("a", crypter.Decrypt(first));
        Assert.Equal(0, inner.Decryptions);
    }

    [Fact]
    public void A_ciphertext_is_never_reused_for_another_plaintext()
    {
        var inner = new CountingCrypter();
        var crypter = new CachingCrypter(inner);
        var values = Enumerable.Range(0, 200).Select(i => $"value-{i % 50}").ToList();

        var sealedValues = values.AsParallel().Select(v => (v, c: crypter.Encrypt(v))).ToList();

        foreach (var group in sealedValues.GroupBy(x => x.c)) Assert.Single(group.Select(x => x.v).Distinct());
        foreach (var (v, c) in sealedValues) Assert.Equal(v, crypter.Decrypt(c));
    }
}
