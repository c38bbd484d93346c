using System.Security.Cryptography;
using System.Text;

namespace Infra.Providers.Random;

/// <summary>
/// A password hash in the form Mosquitto 2.x password files use for PBKDF2-SHA512:
/// <c>$7$101$&lt;base64 12-byte salt&gt;$&lt;base64 64-byte hash&gt;</c> (mosquitto_passwd's default).
/// </summary>
public static class MosquittoHash
{
    public const int Iterations = 101;

    public static string Compute(string password, byte[]? salt = null)
    {
        salt ??= RandomNumberGenerator.GetBytes(12);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 64);
        return $"$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
