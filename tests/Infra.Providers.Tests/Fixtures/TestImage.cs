using System.Formats.Tar;
using System.Text;
using Infra.Providers.Processes;

namespace Infra.Providers.Tests.Fixtures;

/// <summary>
/// A 2 MB image made here without any registry: a root filesystem holding the static busybox and
/// its applet links, imported with <c>docker import</c>.
/// </summary>
public static class TestImage
{
    private const string Busybox = "/bin/busybox";
    private static readonly string[] Applets =
    [
        "sh", "sleep", "nc", "wget", "httpd", "cat", "stat", "echo", "ls", "id", "test", "true", "false", "mkdir", "env",
        "printf", "ps", "kill", "grep", "wc", "head", "touch", "rm", "chmod", "chown", "date", "hostname", "nslookup", "ping",
    ];

    public static async Task EnsureAsync()
    {
        if ((await TestServices.TryDockerAsync("image", "inspect", TestServices.Image)).Succeeded) return;
        await EnsureStaticBusyboxAsync();
        var tar = Path.Combine(Path.GetTempPath(), $"infra-test-rootfs-{Environment.ProcessId}.tar");
        try
        {
            await WriteRootfsAsync(tar);
            await TestServices.DockerAsync("import", "--change", "CMD [\"sh\"]", tar, TestServices.Image);
        }
        finally { File.Delete(tar); }
    }

    private static async Task EnsureStaticBusyboxAsync()
    {
        if ((await ChildProcess.RunAsync("dpkg", ["-s", "busybox-static"])).Succeeded && File.Exists(Busybox)) return;
        var install = await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "busybox-static"],
            environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        if (!install.Succeeded)
        {
            await ChildProcess.RunAsync("apt-get", ["update", "-qq"]);
            install = await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "busybox-static"],
                environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        }
        if (!install.Succeeded) throw new InvalidOperationException($"cannot install busybox-static: {install.Stderr}");
    }

    private static async Task WriteRootfsAsync(string path)
    {
        await using var file = File.Create(path);
        await using var writer = new TarWriter(file, TarEntryFormat.Pax);
        foreach (var dir in new[] { "bin", "etc", "root", "var", "var/www", "data" })
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, dir) { Mode = (UnixFileMode)0b111_101_101 });
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "tmp") { Mode = (UnixFileMode)Convert.ToInt32("1777", 8) });
        await writer.WriteEntryAsync(Busybox, "bin/busybox");
        foreach (var applet in Applets)
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{applet}") { LinkName = "busybox" });
        await WriteTextAsync(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        await WriteTextAsync(writer, "etc/group", "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
    }

    private static Task WriteTextAsync(TarWriter writer, string name, string text) =>
        writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)Convert.ToInt32("644", 8),
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
        });
}
