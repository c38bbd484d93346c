using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.ServiceConfigs;

/// <summary>
/// Mosquitto's files: the broker config from <c>configs/mosquitto/</c>, a password file (uid 1883, mode 0600)
/// from the generated password's hash, and the TLS listener when <c>configs/mqtt/certs/</c> holds a certificate.
/// </summary>
public static class MosquittoFiles
{
    public const int Uid = 1883;
    public const string CertFile = "mqtt/certs/server.crt";
    public const string KeyFile = "mqtt/certs/server.key";
    /// <summary>Optional: the CA that signed the clients' certificates (<c>cafile</c>).</summary>
    public const string CaFile = "mqtt/certs/ca.crt";

    public static bool HasTls(ConfigTemplates templates) => templates.Exists(CertFile) && templates.Exists(KeyFile);

    public static IReadOnlyList<ContainerFile> Files(ConfigTemplates templates, string user, Input<string> passwordHash)
    {
        var tls = HasTls(templates);
        var ca = tls && templates.Exists(CaFile);
        var conf = templates.Read("mosquitto/mosquitto.conf") + (tls ? templates.Read("mosquitto/tls-listener.conf") : "")
            + (ca ? "cafile /mosquitto/config/certs/ca.crt\n" : "");
        var files = new List<ContainerFile>
        {
            new() { Path = "/mosquitto/config/mosquitto.conf", Content = conf, Uid = Uid, Gid = Uid, Mode = "0644" },
            new() { Path = "/mosquitto/config/passwd", Content = Input.Format(user + ":{0}\n", passwordHash), Uid = Uid, Gid = Uid, Mode = "0600" },
        };
        if (tls)
        {
            files.Add(new() { Path = "/mosquitto/config/certs/server.crt", Content = templates.Read(CertFile), Uid = Uid, Gid = Uid, Mode = "0644" });
            files.Add(new() { Path = "/mosquitto/config/certs/server.key", Content = Input<string>.Secret(templates.Read(KeyFile)), Uid = Uid, Gid = Uid, Mode = "0600" });
        }
        if (ca) files.Add(new() { Path = "/mosquitto/config/certs/ca.crt", Content = templates.Read(CaFile), Uid = Uid, Gid = Uid, Mode = "0644" });
        return files;
    }
}
