using Infra.Components.Catalog;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.ServiceConfigs;

/// <summary>
/// Redis reads its password from a config file rather than <c>--requirepass</c>, so it never shows in
/// <c>docker inspect</c>; append-only persistence into <c>/data</c>.
/// </summary>
public static class RedisFiles
{
    public const string Path = "/usr/local/etc/redis/redis.conf";

    public static ContainerFile Config(Input<string> password) => new()
    {
        Path = Path,
        Content = Input.Format("requirepass {0}\nappendonly yes\ndir /data\nbind 0.0.0.0\nprotected-mode yes\nport " + ServiceCatalog.Redis.Port + "\n", password),
        Mode = "0644",
    };

    /// <summary>Fails on NOAUTH: <c>redis-cli ping</c> alone exits 0 even without the password.</summary>
    public const string HealthCommand =
        "REDISCLI_AUTH=\"$(sed -n 's/^requirepass //p' " + Path + ")\" redis-cli -h 127.0.0.1 ping | grep -q PONG";
}
