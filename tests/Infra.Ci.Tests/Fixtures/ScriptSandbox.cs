using Infra.Providers.Processes;

namespace Infra.Ci.Tests.Fixtures;

/// <summary>
/// Runs a script of the repository the way a workflow step would, in a temporary folder, with fake programs
/// (gh, infra, dotnet…) put first on PATH and the GitHub Actions variables pointing into the folder.
/// </summary>
public sealed class ScriptSandbox : IDisposable
{
    public ScriptSandbox()
    {
        Root = Directory.CreateTempSubdirectory("infra-ci-script-").FullName;
        Directory.CreateDirectory(FakesDir);
        // Set for every run, so that a test run inside GitHub Actions never writes to the real files.
        foreach (var name in new[] { "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_REPOSITORY", "PR_NUMBER", "INFRA_STACK", "INFRA_SSH_DIR", "INFRA_INSTALL_DIR" })
            Env[name] = "";
        Env["FAKE_LOG"] = Log;
    }

    public string Root { get; }
    public string FakesDir => Path.Combine(Root, "fakes");
    public string Log => Path.Combine(Root, "fake-calls.log");
    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>A program on PATH that appends "name args" to the log, then runs <paramref name="body"/> (bash).</summary>
    public void Fake(string name, string body = "exit 0")
    {
        var path = Path.Combine(FakesDir, name);
        File.WriteAllText(path, $"#!/usr/bin/env bash\nprintf '%s\\n' \"{name} $*\" >>\"$FAKE_LOG\"\n{body}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    public IReadOnlyList<string> Calls => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    public async Task<ProcessResult> RunAsync(string script, params string[] args)
    {
        var env = new Dictionary<string, string>(Env) { ["PATH"] = $"{FakesDir}:{Environment.GetEnvironmentVariable("PATH")}" };
        return await ChildProcess.RunAsync("bash", [Repository.PathOf(script), .. args], environment: env, workingDirectory: Root);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
