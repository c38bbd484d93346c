using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Infra.Engine.Secrets;

namespace Infra.Engine.Tests;

/// <summary>One passphrase crypter for the whole class: each key derivation costs a million PBKDF2 rounds.</summary>
public sealed class CrypterFixture
{
    public const string Passphrase = "test passphrase";

    public CrypterFixture() => (Crypter, EncryptionSalt) = PassphraseCrypter.CreateNew(Passphrase);

    public PassphraseCrypter Crypter { get; }
    public string EncryptionSalt { get; }

    /// <summary>A stack file holding the salt and one secure value, <c>proj:token</c> = <paramref name="plaintext"/>.</summary>
    public string StackFileWithSecret(string plaintext) =>
        $"encryptionsalt: {EncryptionSalt}\nconfig:\n  proj:token:\n    secure: {Crypter.Encrypt(plaintext)}\n";
}

/// <summary>Pulumi's passphrase secrets provider: format, compatibility, and how the passphrase is found.</summary>
public sealed partial class SecretsTests(CrypterFixture fixture) : IClassFixture<CrypterFixture>
{
    /// <summary>The encryptionsalt example from Pulumi's documentation (its passphrase is not known).</summary>
    private const string PulumiEncryptionSalt = "v1:ThS5UPxP9qc=:v1:UZYAXF+ylaJ0rGhv:9OTvBnOEDFgxs7btjzSu+LZ470vLpg==";

    [GeneratedRegex("^v1:([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$")]
    private static partial Regex CiphertextFormat();

    [Fact]
    public void Round_trip_with_a_fresh_nonce_each_time()
    {
        var first = fixture.Crypter.Encrypt("\"hello, wörld\"");
        var second = fixture.Crypter.Encrypt("\"hello, wörld\"");

        Assert.NotEqual(first, second);
        Assert.Equal("\"hello, wörld\"", fixture.Crypter.Decrypt(first));
        Assert.Equal("\"hello, wörld\"", fixture.Crypter.Decrypt(second));
        Assert.Equal("", fixture.Crypter.Decrypt(fixture.Crypter.Encrypt("")));
    }

    [Fact]
    public void Ciphertext_is_v1_nonce_and_ciphertext_with_tag_in_standard_base64()
    {
        const string plaintext = "a secret of 25 characters";
        var match = CiphertextFormat().Match(fixture.Crypter.Encrypt(plaintext));

        Assert.True(match.Success);
        Assert.Equal(12, Convert.FromBase64String(match.Groups[1].Value).Length);
        Assert.Equal(Encoding.UTF8.GetByteCount(plaintext) + 16, Convert.FromBase64String(match.Groups[2].Value).Length);

        // encryptionsalt: v1:<8-byte salt>:<encryption of "pulumi">, the same shape as Pulumi's own example.
        foreach (var salt in new[] { fixture.EncryptionSalt, PulumiEncryptionSalt })
        {
            var parts = salt.Split(':', 3);
            Assert.Equal("v1", parts[0]);
            Assert.Equal(8, Convert.FromBase64String(parts[1]).Length);
            var check = CiphertextFormat().Match(parts[2]);
            Assert.True(check.Success, salt);
            Assert.Equal(12, Convert.FromBase64String(check.Groups[1].Value).Length);
            Assert.Equal("pulumi".Length + 16, Convert.FromBase64String(check.Groups[2].Value).Length);
        }
    }

    [Fact]
    public void An_independent_implementation_of_pulumis_scheme_reads_and_writes_the_same_bytes()
    {
        var parts = fixture.EncryptionSalt.Split(':', 3);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(CrypterFixture.Passphrase), Convert.FromBase64String(parts[1]),
            1_000_000, HashAlgorithmName.SHA256, 32);

        Assert.Equal("pulumi", ReferenceDecrypt(key, parts[2]));
        Assert.Equal("\"from the engine\"", ReferenceDecrypt(key, fixture.Crypter.Encrypt("\"from the engine\"")));
        Assert.Equal("\"from the reference\"", fixture.Crypter.Decrypt(ReferenceEncrypt(key, "\"from the reference\"")));
    }

    [Fact]
    public void Reopening_with_the_same_passphrase_reads_old_values_and_a_wrong_one_is_an_incorrect_passphrase()
    {
        var ciphertext = fixture.Crypter.Encrypt("kept");

        var reopened = PassphraseCrypter.FromEncryptionSalt(CrypterFixture.Passphrase, fixture.EncryptionSalt);
        Assert.Equal("kept", reopened.Decrypt(ciphertext));

        var wrong = Assert.Throws<IncorrectPassphraseException>(() => PassphraseCrypter.FromEncryptionSalt("not the passphrase", PulumiEncryptionSalt));
        Assert.Equal("incorrect passphrase", wrong.Message);
    }

    [Fact]
    public void The_variable_wins_over_the_file_and_may_be_empty()
    {
        var env = new Dictionary<string, string> { [PassphraseSource.Variable] = "", [PassphraseSource.FileVariable] = "/nonexistent/file" };
        Assert.Equal("", PassphraseSource.TryGet(env.GetValueOrDefault));
        Assert.Null(PassphraseSource.TryGet(_ => null));
    }

    private static string ReferenceDecrypt(byte[] key, string text)
    {
        var parts = text.Split(':');
        Assert.Equal(3, parts.Length);
        Assert.Equal("v1", parts[0]);
        var nonce = Convert.FromBase64String(parts[1]);
        var sealedBytes = Convert.FromBase64String(parts[2]);
        var plain = new byte[sealedBytes.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, sealedBytes[..^16], sealedBytes[^16..], plain);
        return Encoding.UTF8.GetString(plain);
    }

    private static string ReferenceEncrypt(byte[] key, string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plain, cipher, tag);
        return $"v1:{Convert.ToBase64String(nonce)}:{Convert.ToBase64String([.. cipher, .. tag])}";
    }
}
