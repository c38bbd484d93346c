namespace Infra.EndToEnd.Tests.Support;

/// <summary>The OpenSSH client processes running on this machine, read from /proc.</summary>
public static class SshProcesses
{
    public sealed record SshProcess(int Pid, string CommandLine)
    {
        public override string ToString() => $"{Pid}: {CommandLine}";
    }

    /// <summary>The ssh clients whose command line contains <paramref name="text"/> (a path only one test uses).</summary>
    public static IReadOnlyList<SshProcess> Naming(string text) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).OfType<string>().Where(p => p.All(char.IsDigit))
            .Select(p => new SshProcess(int.Parse(p), CommandLineOf(p)))
            .Where(p => Path.GetFileName(p.CommandLine.Split(' ')[0]) == "ssh" && p.CommandLine.Contains(text, StringComparison.Ordinal))
            .ToList();

    private static string CommandLineOf(string pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
