using System.Security.Cryptography;
using System.Text;
using Infra.Engine.Secrets;

namespace Infra.Engine.Tests;

/// <summary>The passphrase key's own PBKDF2 rounds give the framework's (OpenSSL's) bytes for any password, salt and count.</summary>
public sealed class Pbkdf2Sha256Tests
{
    [Fact]
    public void The_rounds_run_on_libcrypto_s_compression_function_on_this_machine() =>
        Assert.True(Pbkdf2Sha256.UsesCompressionFunction, "libcrypto's SHA256_Transform was not found: the slower framework derivation runs");

    public static TheoryData<int, int, int> Shapes() => new()
    {
        // password bytes, salt bytes, iterations: around the 64-byte block (longer keys are hashed first) and the counts' ends
        { 0, 8, 1 }, { 1, 0, 2 }, { 13, 8, 3 }, { 55, 8, 1000 }, { 63, 8, 17 }, { 64, 8, 17 }, { 65, 8, 17 },
        { 200, 8, 17 }, { 128, 8, 2 }, { 119, 8, 2 }, { 32, 51, 5 }, { 32, 52, 5 }, { 32, 55, 5 }, { 32, 56, 5 },
        { 32, 60, 5 }, { 32, 120, 5 }, { 32, 124, 5 }, { 13, 8, 20_000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Derive_matches_the_framework_s_pbkdf2(int passwordLength, int saltLength, int iterations)
    {
        var random = new Random(passwordLength * 1000 + saltLength);
        var password = new byte[passwordLength];
        var salt = new byte[saltLength];
        random.NextBytes(password);
        random.NextBytes(salt);

        Assert.Equal(
            Convert.ToHexString(Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32)),
            Convert.ToHexString(Pbkdf2Sha256.Derive(password, salt, iterations)));
    }

    [Fact]
    public void Derive_gives_RFC_7914_s_PBKDF2_HMAC_SHA256_vector()
    {
        // RFC 7914 section 11: P = "passwd", S = "salt", c = 1, first 32 of its 64 bytes.
        var key = Pbkdf2Sha256.Derive(Encoding.ASCII.GetBytes("passwd"), Encoding.ASCII.GetBytes("salt"), 1);
        Assert.Equal("55AC046E56E3089FEC1691C22544B605F94185216DDE0465E68B9D57C20DACBC", Convert.ToHexString(key));
    }
}
