using System.Text.RegularExpressions;

namespace Infra.EndToEnd.Tests.Support;

/// <summary>
/// A Docker daemon of a test's own (<c>.ci/dockerd-extra.sh</c>: own data, socket and network namespace), for faults
/// the shared daemon must never see: stopped and started again mid-run.
/// </summary>
public static class ExtraDockerd
{
    /// <summary>The images a test stack runs (the demo stack's, without the Caddy edge) and the probe image.</summary>
    public static IReadOnlyList<string> StackImages { get; } = File.ReadAllLines(Path.Combine(E2eEnvironment.RepoRoot, "Pulumi.demo.yaml"))
        .Select(l => Regex.Match(l, @"^    ([a-z0-9-]+): (infra-demo/\S+)$"))
        .Where(m => m.Success && m.Groups[1].Value != "caddy")
        .Select(m => m.Groups[2].Value).Append(TestStack.ProbeImage).Distinct().ToList();

    /// <summary>Starts the daemon (or finds it running) with these images loaded; returns its <c>unix://</c> address.</summary>
    public static async Task<string> StartAsync(string name, IEnumerable<string> images)
    {
        await ScriptAsync(TimeSpan.FromMinutes(15), ["start", name, .. images]);
        return "unix://" + (await ScriptAsync(TimeSpan.FromMinutes(1), ["socket", name])).Trim();
    }

    /// <summary>Stops the daemon and returns once it has exited (its containers stop with it; its data stays).</summary>
    public static Task StopAsync(string name) => ScriptAsync(TimeSpan.FromMinutes(2), ["stop", name]);

    private static async Task<string> ScriptAsync(TimeSpan timeout, string[] args)
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(E2eEnvironment.RepoRoot, ".ci/dockerd-extra.sh"), .. args], timeout, E2eEnvironment.RepoRoot);
        if (result.ExitCode != 0) throw new InvalidOperationException($".ci/dockerd-extra.sh {string.Join(' ', args)} failed:\n{result}");
        return result.Stdout;
    }
}
