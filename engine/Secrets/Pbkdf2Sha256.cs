using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Infra.Engine.Secrets;

/// <summary>
/// PBKDF2-HMAC-SHA256 for one 32-byte block: Pulumi's passphrase key. The framework's <c>Rfc2898DeriveBytes.Pbkdf2</c>
/// calls OpenSSL's <c>PKCS5_PBKDF2_HMAC</c>, which sets the HMAC up afresh on each of the million rounds and so costs
/// about twice the hashing itself. Here the key's inner and outer pad states are hashed once and each round is two
/// SHA-256 compressions by libcrypto's <c>SHA256_Transform</c> (with the CPU's SHA instructions where it has them).
/// Where that library or export is missing, or on a big-endian machine, the framework's derivation is used.
/// </summary>
internal static unsafe class Pbkdf2Sha256
{
    private const int BlockSize = 64;
    private const int DigestSize = 32;
    private const int ContextWords = 28; // SHA256_CTX: h[8], Nl, Nh, data[16], num, md_len
    private static readonly uint[] InitialState =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<uint*, byte*, void> Transform = FindTransform();

    /// <summary>Whether rounds run on libcrypto's compression function (else on the framework's PBKDF2).</summary>
    public static bool UsesCompressionFunction => Transform != null;

    public static byte[] Derive(byte[] password, byte[] salt, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (Transform == null) return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, DigestSize);

        var context = stackalloc uint[ContextWords];
        var inner = stackalloc uint[8];
        var outer = stackalloc uint[8];
        PadState(password, 0x36, context, inner);
        PadState(password, 0x5c, context, outer);

        var firstInput = new byte[salt.Length + 4];
        salt.CopyTo(firstInput, 0);
        BinaryPrimitives.WriteInt32BigEndian(firstInput.AsSpan(salt.Length), 1);
        var u = HMACSHA256.HashData(password, firstInput);

        // One block holds a round's whole input: the 32-byte digest, then SHA-256's padding for 64 + 32 bytes hashed.
        var block = stackalloc byte[BlockSize];
        new Span<byte>(block, BlockSize).Clear();
        u.CopyTo(new Span<byte>(block, DigestSize));
        block[DigestSize] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(new Span<byte>(block + BlockSize - 8, 8), (BlockSize + DigestSize) * 8);

        // Word by word: the span overloads of ReverseEndianness fall back to a slow software shuffle in a native
        // build for the baseline x64 instruction set, and this loop runs two million times.
        var words = (uint*)block;
        var sum = stackalloc uint[8];
        for (var i = 0; i < 8; i++) sum[i] = BinaryPrimitives.ReverseEndianness(words[i]);
        for (var round = 1; round < iterations; round++)
        {
            for (var i = 0; i < 8; i++) context[i] = inner[i];
            Transform(context, block);
            for (var i = 0; i < 8; i++) words[i] = BinaryPrimitives.ReverseEndianness(context[i]);
            for (var i = 0; i < 8; i++) context[i] = outer[i];
            Transform(context, block);
            for (var i = 0; i < 8; i++)
            {
                sum[i] ^= context[i];
                words[i] = BinaryPrimitives.ReverseEndianness(context[i]);
            }
        }

        var key = new byte[DigestSize];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(4 * i), sum[i]);
        return key;
    }

    private static void PadState(byte[] password, byte pad, uint* context, uint* result)
    {
        var block = stackalloc byte[BlockSize];
        var key = new Span<byte>(block, BlockSize);
        key.Clear();
        if (password.Length > BlockSize) SHA256.HashData(password, key);
        else password.CopyTo(key);
        for (var i = 0; i < BlockSize; i++) block[i] ^= pad;
        InitialState.CopyTo(new Span<uint>(context, 8));
        Transform(context, block);
        new ReadOnlySpan<uint>(context, 8).CopyTo(new Span<uint>(result, 8));
    }

    private static delegate* unmanaged[Cdecl, SuppressGCTransition]<uint*, byte*, void> FindTransform()
    {
        if (!BitConverter.IsLittleEndian) return null;
        foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.3.dylib", "libcrypto-3-x64.dll" })
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "SHA256_Transform", out var export))
                return (delegate* unmanaged[Cdecl, SuppressGCTransition]<uint*, byte*, void>)export;
        return null;
    }
}
