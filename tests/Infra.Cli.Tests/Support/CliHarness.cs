using System.Diagnostics;
using Infra.Cli;
using Infra.Cli.Composition;
using Infra.Engine.Tests.Support;
using Infra.Engine.Model;

namespace Infra.Cli.Tests.Support;

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// A project folder (<c>Pulumi.yaml</c> named <c>proj</c>, an empty <c>Pulumi.dev.yaml</c>) and a file backend in a
/// temporary folder; runs the CLI in-process with its own environment variables, or the built <c>infra</c> as a child process.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public const string Passphrase = "test passphrase";

    /// <summary>The URN of a test resource of the harness's project and default stack.</summary>
    public static string Urn(string name, string type = Infra.Engine.Tests.Support.Thing.TypeToken) =>
        Infra.Engine.Model.Urn.Create("dev", "proj", type, name).ToString();

    public CliHarness(string stack = "dev", string? passphrase = Passphrase)
    {
        Root = Directory.CreateTempSubdirectory("infra-tests-").FullName;
        ProjectDir = Path.Combine(Root, "project");
        BackendDir = Path.Combine(Root, "backend");
        Directory.CreateDirectory(ProjectDir);
        File.WriteAllText(Path.Combine(ProjectDir, "Pulumi.yaml"), "name: proj\n");
        CopyServiceConfigs(Path.Combine(ProjectDir, "configs"));
        File.WriteAllText(StackFile(stack), "");
        Env["INFRA_BACKEND_URL"] = "file://" + BackendDir;
        // The selected stack is remembered under HOME: keep it in the test's folder.
        Env["HOME"] = Path.Combine(Root, "home");
        if (passphrase is not null) Env["PULUMI_CONFIG_PASSPHRASE"] = passphrase;
    }

    public string Root { get; }
    public string ProjectDir { get; }

    /// <summary>The repository's configs/ folder, which the real seed program reads (process runs use it).</summary>
    private static void CopyServiceConfigs(string target)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml"))) dir = dir.Parent;
        if (dir is null) return;
        var source = Path.Combine(dir.FullName, "configs");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
    public string BackendDir { get; }
    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    /// <summary>Set: in-process runs are interactive and read this as what the user types.</summary>
    public string? Input { get; set; }

    public string StackFile(string stack = "dev") => Path.Combine(ProjectDir, $"Pulumi.{stack}.yaml");
    public string StatePath(string stack = "dev") => Path.Combine(BackendDir, "stacks", "proj", $"{stack}.json");
    public string LockPath(string stack = "dev") => Path.Combine(BackendDir, "locks", "proj", $"{stack}.json");

    public async Task<CliResult> RunAsync(TestProgram program, params string[] args) => await RunAsync(program, CancellationToken.None, args);

    public Task<CliResult> RunAsync(TestProgram program, CancellationToken cancel, params string[] args) =>
        RunAsync(StackComposition.Of(program, program.Providers), cancel, args);

    public async Task<CliResult> RunAsync(StackComposition program, CancellationToken cancel, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment(ProjectDir, name => Env.GetValueOrDefault(name), TextWriter.Synchronized(output),
            TextWriter.Synchronized(error), Input is null ? TextReader.Null : new StringReader(Input), IsInteractive: Input is not null, IsTerminal: false);
        var code = await CliApp.RunAsync(args, env, program, cancel);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs <c>dotnet infra.dll args</c> (the seed program) in the project folder with <see cref="Env"/>. A run that
    /// prints "paused at …" (<c>INFRA_TEST_PAUSE_AT</c>) is killed there with SIGKILL, as <c>kill -9</c> would.
    /// </summary>
    public async Task<CliResult> RunProcessAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "infra.dll");
        Assert.True(File.Exists(dll), $"{dll} not found next to the test assembly");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in Env) start.Environment[k] = v;
        using var process = new Process { StartInfo = start };
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        var closed = (Out: new TaskCompletionSource(), Err: new TaskCompletionSource());
        process.OutputDataReceived += (_, e) => { if (e.Data is null) closed.Out.TrySetResult(); else lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { closed.Err.TrySetResult(); return; }
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("paused at ", StringComparison.Ordinal)) process.Kill(entireProcessTree: true);
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"infra {string.Join(' ', args)} did not exit within 60 s");
        }
        await Task.WhenAll(closed.Out.Task, closed.Err.Task);
        lock (stdout) lock (stderr) return new CliResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
