using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Infra.Engine.Model;
using Infra.Providers;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Providers.Tests.Units;

/// <summary>The source-generated metadata writes exactly what reflection writes: a state made by either reads the same.</summary>
public sealed class ArgumentsJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(InputSerializer.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly JsonSerializerOptions Generated = new(InputSerializer.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ArgumentsJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static TheoryData<object> Arguments() => new()
    {
        new ContainerArgs
        {
            Image = Input<string>.Of("img"), Name = "n", Command = ["a", "b"], Entrypoint = ["sh"],
            Env = new Dictionary<string, Input<string>> { ["PLAIN"] = Input<string>.Of("x"), ["PASS"] = Input<string>.Secret("y") },
            Ports = [new ContainerPort { Internal = 80, External = 8080, HostIp = "127.0.0.1", Protocol = "tcp" }],
            Networks = [new ContainerNetwork { Name = Input<string>.Of("net"), Aliases = ["alias"] }],
            Mounts = [new ContainerMount { Type = "volume", Source = Input<string>.Of("vol"), Target = "/data", ReadOnly = true }],
            Files = [new ContainerFile { Path = "/etc/f", Content = Input<string>.Secret("content"), Uid = 1, Gid = 2, Mode = "0640" }],
            Restart = "unless-stopped", MaxRetryCount = 3,
            Healthcheck = new ContainerHealthcheck { Test = ["CMD", "true"], IntervalSeconds = 30, TimeoutSeconds = 10, StartPeriodSeconds = 60, Retries = 3 },
            WaitHealthy = true, WaitTimeoutSeconds = 120, User = "1000", CapAdd = ["NET_ADMIN"], CapDrop = ["ALL"],
            MemoryBytes = 1L << 30, Cpus = 1.5, Labels = new Dictionary<string, Input<string>> { ["l"] = Input<string>.Of("v") },
            Init = true, StopGraceSeconds = 20, Running = false,
        },
        new ContainerArgs { Image = Input<string>.Of("minimal") },
        new ImageArgs { Name = "img:1", Pull = ImagePull.Never, Build = new ImageBuild { Context = "/ctx", Dockerfile = "D", Args = new Dictionary<string, string> { ["A"] = "1" }, ContextDigest = "sha" }, KeepLocally = false },
        new CommandArgs { Create = "c", Update = "u", Delete = "d", Dir = "/", Environment = new Dictionary<string, Input<string>> { ["K"] = Input<string>.Secret("v") }, Triggers = [Input<string>.Of("t")] },
        new NetworkArgs { Name = "n", Driver = "bridge", Internal = true, Attachable = false },
        new VolumeArgs { Name = "v", Driver = "local", DriverOpts = new Dictionary<string, string> { ["o"] = "p" }, Labels = new Dictionary<string, Input<string>> { ["l"] = Input<string>.Of("v") } },
        new HostPreflightArgs { Ports = [80, 443], MinFreeDiskMb = 10, MinDockerVersion = "20.10" },
        new RandomPasswordArgs { Length = 40, Special = true, Keepers = new Dictionary<string, string> { ["k"] = "v" }, Pbkdf2 = new Pbkdf2HashArgs { Digest = "sha256", Iterations = 1000 } },
    };

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Generated_metadata_writes_what_reflection_writes(object args)
    {
        var expected = JsonSerializer.SerializeToNode(args, args.GetType(), Reflection)!.ToJsonString();
        var actual = JsonSerializer.SerializeToNode(args, args.GetType(), Generated)!.ToJsonString();
        Assert.Equal(expected, actual);
        Assert.Equal(expected, JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(actual, args.GetType(), Generated), args.GetType(), Reflection)!.ToJsonString());
    }
}
