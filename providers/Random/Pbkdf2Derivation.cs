using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Properties;

namespace Infra.Providers.Random;

/// <summary>Derives the opt-in <see cref="Pbkdf2HashArgs"/> outputs of a password with a fresh random salt.</summary>
public static class Pbkdf2Derivation
{
    public const string SaltOutput = "pbkdf2Salt";
    public const string HashOutput = "pbkdf2Hash";

    public static IReadOnlyList<string> Validate(Pbkdf2HashArgs spec)
    {
        var failures = new List<string>();
        if (spec.Digest is not ("sha256" or "sha512")) failures.Add($"pbkdf2.digest must be sha256 or sha512, not '{spec.Digest}'");
        if (spec.Iterations is < 1 or > 10_000_000) failures.Add($"pbkdf2.iterations must be between 1 and 10000000, not {spec.Iterations}");
        if (spec.SaltLength is < 8 or > 64) failures.Add($"pbkdf2.saltLength must be between 8 and 64, not {spec.SaltLength}");
        if (spec.HashLength is < 16 or > 128) failures.Add($"pbkdf2.hashLength must be between 16 and 128, not {spec.HashLength}");
        return failures;
    }

    /// <summary>The two outputs, each a secret base64 string.</summary>
    public static JsonObject Derive(string password, Pbkdf2HashArgs spec)
    {
        var salt = RandomNumberGenerator.GetBytes(spec.SaltLength);
        var digest = spec.Digest == "sha256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, spec.Iterations, digest, spec.HashLength);
        return new JsonObject
        {
            [SaltOutput] = Secret.Wrap(JsonValue.Create(Convert.ToBase64String(salt))),
            [HashOutput] = Secret.Wrap(JsonValue.Create(Convert.ToBase64String(hash))),
        };
    }

    /// <summary>The spec in a resource's inputs, or null when the hash was not asked for.</summary>
    public static Pbkdf2HashArgs? SpecIn(JsonObject inputs) =>
        inputs[RandomProvider.Pbkdf2Input] is JsonObject spec ? InputSerializer.FromProperties<Pbkdf2HashArgs>(spec) : null;
}
