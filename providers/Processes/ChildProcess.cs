using System.Diagnostics;

namespace Infra.Providers.Processes;

/// <summary>Runs a program to completion with its arguments passed as a list (never through a shell).</summary>
public static class ChildProcess
{
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null,
        CancellationToken ct = default)
    {
        using var process = new Process { StartInfo = StartInfo(fileName, arguments, environment, workingDirectory) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            process.StandardInput.Close();
        }
        catch (IOException) { /* the program exited without reading its input; its exit code tells why */ }
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo StartInfo(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        return info;
    }
}
