using Infra.Ci.Tests.Fixtures;
using Infra.Providers.Processes;

namespace Infra.Ci.Tests.Scripts;

/// <summary>scripts/ci/install-infra.sh with a fake <c>dotnet</c>: what it publishes, and the <c>infra</c> it puts on PATH.</summary>
public sealed class InstallInfraTests : IDisposable
{
    private readonly ScriptSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Publishes_the_cli_and_puts_an_infra_command_on_the_github_path()
    {
        _sandbox.Fake("dotnet");
        var dest = _sandbox.PathOf("cli");
        _sandbox.Env["INFRA_INSTALL_DIR"] = dest;
        _sandbox.Env["GITHUB_PATH"] = _sandbox.PathOf("github-path");

        var result = await _sandbox.RunAsync("scripts/ci/install-infra.sh", "--no-restore");

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal([$"dotnet publish infra/Infra.Cli.csproj -c Release -o {dest}/lib -nologo -v q --no-restore"], _sandbox.Calls);
        Assert.Equal([$"{dest}/bin"], await File.ReadAllLinesAsync(_sandbox.PathOf("github-path")));

        var env = new Dictionary<string, string> { ["PATH"] = $"{_sandbox.FakesDir}:{Environment.GetEnvironmentVariable("PATH")}", ["FAKE_LOG"] = _sandbox.Log };
        var infra = await ChildProcess.RunAsync($"{dest}/bin/infra", ["preview", "-s", "vps", "--markdown", "preview.md"], environment: env);
        Assert.True(infra.Succeeded, infra.Stderr);
        Assert.Equal($"dotnet {dest}/lib/infra.dll preview -s vps --markdown preview.md", _sandbox.Calls[^1]);
    }
}
