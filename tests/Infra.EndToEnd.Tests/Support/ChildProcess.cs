using System.Diagnostics;
using System.Text;

namespace Infra.EndToEnd.Tests.Support;

/// <summary>What a finished child process did.</summary>
public sealed record RunResult(string CommandLine, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string Output => Stdout + Stderr;

    public override string ToString() =>
        $"$ {CommandLine}\n(exit {ExitCode} after {Elapsed.TotalSeconds:0.0}s)\n--- stdout\n{Stdout.TrimEnd()}\n--- stderr\n{Stderr.TrimEnd()}\n---";
}

/// <summary>
/// A child process whose output is collected line by line, so a test can wait for a line (to kill the
/// process at a known point) and still see everything it printed.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunningProcess(string file, IEnumerable<string> args, string? workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            if (v is null) info.Environment.Remove(k);
            else info.Environment[k] = v;
        CommandLine = $"{file} {string.Join(' ', info.ArgumentList.Select(Quote))}";
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr, _stderrClosed);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Completion = CompleteAsync();
    }

    public string CommandLine { get; }
    public int Id => _process.Id;
    public Task<RunResult> Completion { get; }
    public bool HasExited => _process.HasExited;

    public string OutputSoFar
    {
        get { lock (_waiters) return _stdout + _stderr.ToString(); }
    }

    private async Task<RunResult> CompleteAsync()
    {
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);
        lock (_waiters)
        {
            foreach (var (_, found) in _waiters)
                found.TrySetException(new InvalidOperationException($"process exited ({_process.ExitCode}) before printing the awaited line:\n{_stdout}{_stderr}"));
            _waiters.Clear();
            return new RunResult(CommandLine, _process.ExitCode, _stdout.ToString(), _stderr.ToString(), _clock.Elapsed);
        }
    }

    private void OnLine(string? line, StringBuilder into, TaskCompletionSource closed)
    {
        if (line is null) { closed.TrySetResult(); return; }
        lock (_waiters)
        {
            into.Append(line).Append('\n');
            foreach (var w in _waiters.Where(w => w.Match(line)).ToList())
            {
                w.Found.TrySetResult(line);
                _waiters.Remove(w);
            }
        }
    }

    /// <summary>Waits for a line (stdout or stderr) printed from now on, or already printed, that matches.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var already = (_stdout + _stderr.ToString()).Split('\n').FirstOrDefault(match);
            if (already is not null) return already;
            if (Completion.IsCompleted) throw new InvalidOperationException($"process already exited:\n{_stdout}{_stderr}");
            _waiters.Add((match, found));
        }
        var done = await Task.WhenAny(found.Task, Task.Delay(timeout));
        if (done != found.Task) throw new TimeoutException($"no matching line within {timeout.TotalSeconds:0}s from {CommandLine}; output so far:\n{OutputSoFar}");
        return await found.Task;
    }

    /// <summary>SIGKILL to the process and everything it started.</summary>
    public void KillTree()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    public async Task<RunResult> WaitAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(Completion, Task.Delay(timeout));
        if (done == Completion) return await Completion;
        KillTree();
        throw new TimeoutException($"{CommandLine} did not finish within {timeout.TotalSeconds:0}s; killed. Output so far:\n{OutputSoFar}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillTree();
        _process.Dispose();
    }

    private static string Quote(string a) => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'";
}

public static class ChildProcess
{
    public static async Task<RunResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var p = new RunningProcess(file, args, workingDirectory, environment ?? new Dictionary<string, string?>());
        return await p.WaitAsync(timeout);
    }
}
