using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Infra.Engine.Secrets;

/// <summary>
/// PBKDF2-HMAC-SHA256 for one 32-byte block: Pulumi's passphrase key. The framework's <c>Rfc2898DeriveBytes.Pbkdf2</c>
/// calls OpenSSL's <c>PKCS5_PBKDF2_HMAC</c>, which sets the HMAC up afresh on each of the million rounds and so costs
/// about twice the hashing itself. Here the key's inner and outer pad states are hashed once and each round is two
/// SHA-256 compressions by libcrypto's <c>SHA256_Transform</c> (with the CPU's SHA instructions where it has them).
/// Nothing else of OpenSSL is touched, so the derivation does not wait for the framework's cryptography to load
/// (its OpenSSL set-up, configuration file included), which <see cref="KeyDerivations"/> does beside it.
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
        Span<byte> key = stackalloc byte[BlockSize];
        key.Clear();
        if (password.Length > BlockSize) Hash(context, InitialState, password, 0, key);
        else password.CopyTo(key);
        PadState(key, 0x36, context, inner);
        PadState(key, 0x5c, context, outer);

        // The first round's input is the salt and the block number; each later round's is the previous digest.
        var first = new byte[salt.Length + 4];
        salt.CopyTo(first, 0);
        BinaryPrimitives.WriteInt32BigEndian(first.AsSpan(salt.Length), 1);
        var block = stackalloc byte[BlockSize];
        var digest = new Span<byte>(block, DigestSize);
        Hash(context, new ReadOnlySpan<uint>(inner, 8), first, BlockSize, digest);
        Hash(context, new ReadOnlySpan<uint>(outer, 8), digest.ToArray(), BlockSize, digest);

        // One block holds a round's whole input: the 32-byte digest, then SHA-256's padding for 64 + 32 bytes hashed.
        new Span<byte>(block + DigestSize, BlockSize - DigestSize).Clear();
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

        var result = new byte[DigestSize];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(4 * i), sum[i]);
        return result;
    }

    private static void PadState(ReadOnlySpan<byte> key, byte pad, uint* context, uint* result)
    {
        var block = stackalloc byte[BlockSize];
        for (var i = 0; i < BlockSize; i++) block[i] = (byte)(key[i] ^ pad);
        InitialState.CopyTo(new Span<uint>(context, 8));
        Transform(context, block);
        new ReadOnlySpan<uint>(context, 8).CopyTo(new Span<uint>(result, 8));
    }

    /// <summary>
    /// SHA-256 of <paramref name="hashed"/> bytes already compressed into <paramref name="state"/> (a multiple of the
    /// block size) followed by <paramref name="message"/>: its blocks, then the padding and the length.
    /// </summary>
    private static void Hash(uint* context, ReadOnlySpan<uint> state, ReadOnlySpan<byte> message, int hashed, Span<byte> digest)
    {
        state.CopyTo(new Span<uint>(context, 8));
        var block = stackalloc byte[BlockSize];
        var tail = new Span<byte>(block, BlockSize);
        var full = message.Length / BlockSize * BlockSize;
        for (var offset = 0; offset < full; offset += BlockSize)
        {
            message.Slice(offset, BlockSize).CopyTo(tail);
            Transform(context, block);
        }
        var rest = message.Length - full;
        tail.Clear();
        message[full..].CopyTo(tail);
        block[rest] = 0x80;
        if (rest >= BlockSize - 8)
        {
            Transform(context, block);
            tail.Clear();
        }
        BinaryPrimitives.WriteUInt64BigEndian(tail[(BlockSize - 8)..], (ulong)(hashed + message.Length) * 8);
        Transform(context, block);
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * i)..], context[i]);
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
