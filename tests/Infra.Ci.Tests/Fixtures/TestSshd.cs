using Infra.Providers.Processes;

namespace Infra.Ci.Tests.Fixtures;

/// <summary>
/// The real test sshd on 127.0.0.1:2222, started (once per run) by the repository's own .ci/sshd-up.sh with a
/// generated key and a pinned known_hosts. Never skipped: if it cannot start, the tests fail.
/// </summary>
public static class TestSshd
{
    public const int Port = 2222;
    public const int ClosedPort = 2223;
    public const string NoDockerUser = "infra-nodocker";
    public static readonly string Dir = Environment.GetEnvironmentVariable("SSHD_TEST_DIR") ?? "/tmp/infra-test-sshd";
    public static string Key => Path.Combine(Dir, "id_ed25519");
    public static string KnownHosts => Path.Combine(Dir, "known_hosts");

    private static readonly Lazy<Task> Started = new(async () =>
    {
        var result = await ChildProcess.RunAsync("bash", [Repository.PathOf(".ci/sshd-up.sh")]);
        if (!result.Succeeded) throw new InvalidOperationException($".ci/sshd-up.sh failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
    });

    public static Task EnsureAsync() => Started.Value;

    public static string Url(string folder, string user = "root", int port = Port) => $"ssh://{user}@127.0.0.1:{port}{folder}";

    /// <summary>The host key stays checked: it is pinned in the test known_hosts.</summary>
    public static IReadOnlyList<string> Options(string? key = null, string? knownHosts = null, string? bindAddress = null)
    {
        List<string> options = ["-o", $"UserKnownHostsFile={knownHosts ?? KnownHosts}", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", key ?? Key];
        if (bindAddress is not null) options.AddRange(["-b", bindAddress]);
        return options;
    }

    /// <summary>Logins sshd accepted from one source address (every client here connects to 127.0.0.1, so a
    /// test that binds its own 127.x.y.z address counts only its own logins).</summary>
    public static async Task<int> LoginsFromAsync(string address)
    {
        await Task.Delay(150); // sshd logs the line just after the handshake
        var log = Path.Combine(Dir, "sshd.log");
        if (!File.Exists(log)) return 0;
        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
            if (line.Contains("Accepted publickey", StringComparison.Ordinal) && line.Contains($" from {address} ", StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>A loopback address of its own for one test (127.0.0.0/8 is all local on Linux).</summary>
    public static string OwnLoopbackAddress() => $"127.{Random.Shared.Next(20, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
}
