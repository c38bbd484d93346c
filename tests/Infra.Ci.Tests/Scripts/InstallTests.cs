using Infra.Ci.Tests.Fixtures;
using Infra.Providers.Processes;

namespace Infra.Ci.Tests.Scripts;

/// <summary>scripts/install.sh for real: the main command leaves an <c>infra</c> on the PATH, with bash completion.</summary>
public sealed class InstallTests : IDisposable
{
    private readonly ScriptSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Install_puts_a_working_infra_command_and_its_bash_completion_in_place()
    {
        var (prefix, completions) = (_sandbox.PathOf("prefix"), _sandbox.PathOf("completions"));
        _sandbox.Env["INFRA_PREFIX"] = prefix;
        _sandbox.Env["INFRA_COMPLETIONS_DIR"] = completions;

        var result = await _sandbox.RunAsync("scripts/install.sh");

        Assert.True(result.Succeeded, result.Stderr);
        // This machine has a C toolchain (gcc): the command is one native executable, no .NET runtime beside it.
        var lib = Path.Combine(prefix, "lib", "infra");
        Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], File.ReadAllBytes(Path.Combine(lib, "infra"))[..4]);
        Assert.False(File.Exists(Path.Combine(lib, "infra.dll")), "a native install has no infra.dll");
        Assert.False(File.Exists(Path.Combine(lib, "libcoreclr.so")), "a native install carries no .NET runtime");
        Assert.Contains(", native ", result.Stdout);
        // On the PATH, a link to it: no shell started in front of every run.
        Assert.Equal(Path.Combine(lib, "infra"), new FileInfo(Path.Combine(prefix, "bin", "infra")).LinkTarget);
        var help = await ChildProcess.RunAsync($"{prefix}/bin/infra", ["--help"]);
        Assert.True(help.Succeeded, help.Stderr);
        Assert.Contains("stack", help.Stdout);
        // The completion script asks infra itself; what it asks for completes "infra con" to config.
        Assert.Contains("complete -o default -F _infra_complete infra", await File.ReadAllTextAsync(Path.Combine(completions, "infra")));
        var env = new Dictionary<string, string> { ["PATH"] = $"{prefix}/bin:{Environment.GetEnvironmentVariable("PATH")}" };
        var completed = await ChildProcess.RunAsync("bash", ["-c", $"source {completions}/infra; COMP_LINE='infra con'; COMP_POINT=9; _infra_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\""], environment: env);
        Assert.True(completed.Succeeded, completed.Stderr);
        Assert.Contains("config", completed.Stdout.Split('\n', StringSplitOptions.TrimEntries));
    }
}
