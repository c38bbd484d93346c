using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Components.ServiceConfigs;

/// <summary>
/// Mosquitto's files: the broker config from <c>configs/mosquitto/</c>, a password file (uid 1883, mode 0600)
/// from the generated password's hash, and the TLS listener when <c>configs/mqtt/certs/</c> holds a certificate.
/// </summary>
public static class MosquittoFiles
{
    public const int Uid = 1883;

    /// <summary>
    /// The hash the broker's password needs (<see cref="RandomPasswordArgs.Pbkdf2"/>): Mosquitto 2.x's <c>$7$</c>
    /// lines, mosquitto_passwd's default, are PBKDF2-SHA512 with 101 iterations, a 12-byte salt and 64 bytes.
    /// </summary>
    public static readonly Pbkdf2HashArgs PasswordHash = new() { Digest = "sha512", Iterations = 101, SaltLength = 12, HashLength = 64 };
    public const string CertFile = "mqtt/certs/server.crt";
    public const string KeyFile = "mqtt/certs/server.key";
    /// <summary>Optional: the CA that signed the clients' certificates (<c>cafile</c>).</summary>
    public const string CaFile = "mqtt/certs/ca.crt";

    public static bool HasTls(ConfigTemplates templates) => templates.Exists(CertFile) && templates.Exists(KeyFile);

    /// <param name="password">Generated with <see cref="PasswordHash"/>.</param>
    public static IReadOnlyList<ContainerFile> Files(ConfigTemplates templates, string user, RandomPassword password)
    {
        var tls = HasTls(templates);
        var ca = tls && templates.Exists(CaFile);
        var conf = templates.Read("mosquitto/mosquitto.conf") + (tls ? templates.Read("mosquitto/tls-listener.conf") : "")
            + (ca ? "cafile /mosquitto/config/certs/ca.crt\n" : "");
        var files = new List<ContainerFile>
        {
            new() { Path = "/mosquitto/config/mosquitto.conf", Content = conf, Uid = Uid, Gid = Uid, Mode = "0644" },
            new() { Path = "/mosquitto/config/passwd", Content = PasswordLine(user, password), Uid = Uid, Gid = Uid, Mode = "0600" },
        };
        if (tls)
        {
            files.Add(new() { Path = "/mosquitto/config/certs/server.crt", Content = templates.Read(CertFile), Uid = Uid, Gid = Uid, Mode = "0644" });
            files.Add(new() { Path = "/mosquitto/config/certs/server.key", Content = Input<string>.Secret(templates.Read(KeyFile)), Uid = Uid, Gid = Uid, Mode = "0600" });
        }
        if (ca) files.Add(new() { Path = "/mosquitto/config/certs/ca.crt", Content = templates.Read(CaFile), Uid = Uid, Gid = Uid, Mode = "0644" });
        return files;
    }

    /// <summary><c>user:$7$101$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c>, the line mosquitto_passwd writes.</summary>
    private static Input<string> PasswordLine(string user, RandomPassword password) =>
        Input.Format($"{user}:$7${PasswordHash.Iterations}${{0}}${{1}}\n", password.Pbkdf2Salt, password.Pbkdf2Hash);
}
