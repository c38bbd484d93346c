using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Benchmarks.DockerBench;

/// <summary>
/// The measured stack: one image built from a one-file context, <c>networks</c> networks, and
/// <c>containers</c> containers each on two networks with an alias on both.
/// </summary>
public sealed record BenchProgram(string Prefix, string ContextDir, int Containers, int Networks)
{
    public void Declare(StackRoot root)
    {
        var image = new Image("image", new ImageArgs
        {
            Name = $"{Prefix}/sleeper:1", KeepLocally = false, Build = new ImageBuild { Context = ContextDir },
        }, root);
        var networks = Enumerable.Range(0, Networks)
            .Select(i => new Network($"net{i}", new NetworkArgs { Name = $"{Prefix}-net{i}" }, root)).ToList();
        for (var i = 0; i < Containers; i++)
        {
            var a = networks[i % Networks];
            var b = networks[(i + 1) % Networks];
            _ = new Container($"c{i}", new ContainerArgs
            {
                Name = $"{Prefix}-c{i}",
                Image = image.ImageId,
                Command = ["/bin/sleep", "3600"],
                Env = new Dictionary<string, Input<string>> { ["INDEX"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Networks = [new ContainerNetwork { Name = a.NetworkName, Aliases = [$"c{i}-a"] }, new ContainerNetwork { Name = b.NetworkName, Aliases = [$"c{i}-b"] }],
                Labels = new Dictionary<string, Input<string>> { ["bench"] = "yes" },
                Init = true,
                StopGraceSeconds = 1,
            }, root);
        }
    }

    /// <summary>A build context holding only the static busybox, run as "sleep" (busybox picks the applet from its name).</summary>
    /// <remarks>A stamp file unique to the run keeps the engine's build cache from favouring the second transport.</remarks>
    public static string WriteContext(string stamp)
    {
        var dir = Directory.CreateTempSubdirectory("infra-bench-ctx-").FullName;
        File.Copy("/bin/busybox", Path.Combine(dir, "sleep"));
        File.WriteAllText(Path.Combine(dir, "stamp"), stamp);
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), "FROM scratch\nCOPY sleep /bin/sleep\nCOPY stamp /stamp\n");
        return dir;
    }
}
