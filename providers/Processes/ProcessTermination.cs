using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Infra.Providers.Processes;

/// <summary>
/// Ends a long-lived child as <c>kill</c> would: SIGTERM, which OpenSSH answers by closing its connection, removing
/// its control socket and ending its ProxyCommand. .NET sends only SIGKILL, and its whole-tree kill reads every
/// process of the machine, twice, to find the child's descendants (0.2 s at the end of each ssh:// run on this
/// project's 2-core VM); that stays the fallback for a child that has not ended within the grace given.
/// </summary>
public static class ProcessTermination
{
    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static async Task TerminateAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited) return;
            if (SentTerm(process))
            {
                using var wait = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                    return;
                }
                catch (OperationCanceledException) { }
            }
            process.Kill(entireProcessTree: true);
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(last.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException) { /* already gone */ }
    }

    private static bool SentTerm(Process process)
    {
        if (OperatingSystem.IsWindows()) return false;
        try { return Kill(process.Id, SigTerm) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }
}
