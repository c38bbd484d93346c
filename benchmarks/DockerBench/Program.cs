using System.Globalization;
using Infra.Benchmarks.DockerBench;
using Infra.Providers.Docker;

// Cold up, no-op up, up --refresh, no-op preview and the bare connection of the same stack over unix:// and ssh:// in one run.
// Needs dockerd and the test sshd (bash .ci/docker-up.sh && bash .ci/sshd-up.sh).
//   dotnet run -c Release --project benchmarks/DockerBench [-- --containers 20 --networks 5 --repeat 5]
// The Docker API calls of a refresh of N containers over unix:// instead (image infra-demo/debian:bookworm, bash images/build.sh):
//   dotnet run -c Release --project benchmarks/DockerBench -- --refresh-calls 200
if (Option(args, "--refresh-calls", 0) is > 0 and var refreshed)
{
    await new RefreshCallsBench(new DockerHostOptions(DockerHostOptions.DefaultHost), refreshed).RunAsync(Console.Out);
    return;
}
var containers = Option(args, "--containers", 20);
var networks = Option(args, "--networks", 5);
var repeat = Option(args, "--repeat", 5);
var sshDir = Environment.GetEnvironmentVariable("SSHD_TEST_DIR") ?? "/tmp/infra-test-sshd";
var transports = new (string Label, DockerHostOptions Host)[]
{
    ("unix://", new DockerHostOptions(DockerHostOptions.DefaultHost)),
    ("ssh://", new DockerHostOptions("ssh://root@127.0.0.1:2222", SshOpts:
        ["-o", $"UserKnownHostsFile={sshDir}/known_hosts", "-o", "IdentitiesOnly=yes", "-i", $"{sshDir}/id_ed25519"])),
};

var rows = new Dictionary<string, Dictionary<string, TimeSpan>>();
var contexts = new List<string>();
try
{
    // Warm-up (JIT, first connections) so the first transport measured is not the one that pays for it.
    var warmContext = BenchProgram.WriteContext("warmup");
    contexts.Add(warmContext);
    foreach (var (_, host) in transports)
    {
        var warm = new BenchRun(host, new BenchProgram("warmup", warmContext, 1, 2), "warmup");
        await warm.PreviewAsync(expectNoChange: false);
        await warm.ConnectAsync();
    }
    foreach (var (label, host) in transports)
    {
        var stack = $"b{Guid.NewGuid().ToString("N")[..6]}";
        var context = BenchProgram.WriteContext(stack);
        contexts.Add(context);
        var run = new BenchRun(host, new BenchProgram($"bench-{stack}", context, containers, networks), stack);
        Console.Error.WriteLine($"{label}: cold up of {containers} containers on {networks} networks…");
        var results = new Dictionary<string, TimeSpan> { ["cold up"] = await run.UpAsync(expectNoChange: false) };
        results["no-op up"] = await Median(repeat, () => run.UpAsync(expectNoChange: true));
        results["no-op up --refresh"] = await Median(repeat, run.RefreshThenUpAsync);
        results["no-op preview"] = await Median(repeat, () => run.PreviewAsync(expectNoChange: true));
        results["connect only"] = await Median(repeat, run.ConnectAsync);
        results["refresh, already open"] = await Median(repeat, run.RefreshOnOpenConnectionAsync);
        results["destroy"] = await run.DestroyAsync();
        rows[label] = results;
    }
}
finally { contexts.ForEach(c => Directory.Delete(c, true)); }

Console.WriteLine($"{containers} containers, {networks} networks, 1 built image; median of {repeat} for no-op rows; {Environment.ProcessorCount} cores");
Console.WriteLine($"| {"phase",-22} | {"unix://",10} | {"ssh://",10} | {"ssh/unix",8} |");
Console.WriteLine($"|{new string('-', 24)}|{new string('-', 12)}|{new string('-', 12)}|{new string('-', 10)}|");
foreach (var phase in rows["unix://"].Keys)
{
    var local = rows["unix://"][phase];
    var ssh = rows["ssh://"][phase];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {phase,-22} | {local.TotalMilliseconds,8:0} ms | {ssh.TotalMilliseconds,8:0} ms | {ssh / local,7:0.00}x |"));
}

static int Option(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<TimeSpan> Median(int times, Func<Task<TimeSpan>> measure)
{
    var samples = new List<TimeSpan>();
    for (var i = 0; i < times; i++) samples.Add(await measure());
    samples.Sort();
    return samples[samples.Count / 2];
}
