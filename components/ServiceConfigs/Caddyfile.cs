using System.Security.Cryptography;
using System.Text;
using Infra.Components.Building;
using Infra.Components.Catalog;

namespace Infra.Components.ServiceConfigs;

/// <summary>
/// The Caddyfile generated from routes: one site per route under the public domain, every one behind bcrypt basic
/// auth except the paths the service authenticates itself (n8n's webhooks and forms), and a health site on :8081
/// inside the container. It holds the users' password hashes, so the edge uploads it as a secret.
/// </summary>
public static class Caddyfile
{
    public const int HealthPort = 8081;

    public static string Render(ConfigTemplates templates, PublicSites sites, string email, bool internalTls,
        IReadOnlyList<Route> routes, IReadOnlyDictionary<string, string> users)
    {
        if (users.Count == 0) throw new ArgumentException("the edge needs at least one basic-auth user", nameof(users));
        var sb = new StringBuilder(templates.Read("caddy/Caddyfile.header", new Dictionary<string, string> { ["EMAIL"] = email }).TrimEnd('\n'));
        sb.Append("\n\n:").Append(HealthPort).Append(" {\n\trespond \"ok\" 200\n}\n");
        foreach (var route in routes)
        {
            sb.Append('\n').Append(sites.Host(route.Subdomain)).Append(" {\n");
            if (internalTls) sb.Append("\ttls internal\n");
            if (route.OpenPaths.Count > 0)
            {
                sb.Append("\t@open path ").Append(string.Join(' ', route.OpenPaths)).Append('\n');
                sb.Append("\thandle @open {\n\t\treverse_proxy ").Append(route.Upstream).Append("\n\t}\n");
            }
            sb.Append("\thandle {\n");
            // "basicauth": the spelling every Caddy 2 accepts (2.6 rejects the newer "basic_auth").
            sb.Append("\t\tbasicauth {\n");
            foreach (var (user, password) in users.OrderBy(u => u.Key, StringComparer.Ordinal))
                sb.Append("\t\t\t").Append(user).Append(' ').Append(Hash(user, password)).Append('\n');
            sb.Append("\t\t}\n");
            sb.Append("\t\treverse_proxy ").Append(route.Upstream).Append("\n\t}\n}\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// bcrypt with a salt derived from user and password: the same password gives the same line, so the
    /// Caddyfile (and the container) only change when a password does.
    /// </summary>
    public static string Hash(string user, string password)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"infra-caddy\0{user}\0{password}"));
        var salt = "$2a$12$" + BcryptBase64(seed.AsSpan(0, 16));
        return BCrypt.Net.BCrypt.HashPassword(password, salt);
    }

    private static string BcryptBase64(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var sb = new StringBuilder();
        int i = 0;
        while (i < bytes.Length)
        {
            int c1 = bytes[i++];
            sb.Append(alphabet[(c1 >> 2) & 0x3f]);
            c1 = (c1 & 0x03) << 4;
            if (i >= bytes.Length) { sb.Append(alphabet[c1 & 0x3f]); break; }
            int c2 = bytes[i++];
            c1 |= (c2 >> 4) & 0x0f;
            sb.Append(alphabet[c1 & 0x3f]);
            c1 = (c2 & 0x0f) << 2;
            if (i >= bytes.Length) { sb.Append(alphabet[c1 & 0x3f]); break; }
            c2 = bytes[i++];
            c1 |= (c2 >> 6) & 0x03;
            sb.Append(alphabet[c1 & 0x3f]);
            sb.Append(alphabet[c2 & 0x3f]);
        }
        return sb.ToString()[..22];
    }
}
