namespace Infra.Providers.Random;

/// <summary>
/// Opt-in: also derive a PBKDF2 hash of the generated password, returned as raw parts (the outputs
/// <c>pbkdf2Salt</c> and <c>pbkdf2Hash</c>, base64, secret) for the consumer to write in its own format.
/// Changing it derives a new hash of the same password; the password itself stays.
/// </summary>
public sealed record Pbkdf2HashArgs
{
    /// <summary>The HMAC digest: <c>sha256</c> or <c>sha512</c>.</summary>
    public string Digest { get; init; } = "sha512";
    public int Iterations { get; init; }
    public int SaltLength { get; init; } = 16;
    public int HashLength { get; init; } = 64;
}
