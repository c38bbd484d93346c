using Infra.Ci.Tests.Fixtures;

namespace Infra.Ci.Tests.Scripts;

/// <summary>scripts/ci/drift-check.sh with a fake <c>infra</c> that exits as told.</summary>
public sealed class DriftCheckTests : IDisposable
{
    private const string Script = "scripts/ci/drift-check.sh";
    private readonly ScriptSandbox _sandbox = new();

    public DriftCheckTests()
    {
        _sandbox.Fake("infra", """
            printf '%s\n' "Previewing refresh ($3):" "  ~ docker:Container grafana update: running changed" "      ~ running: true => false"
            echo "error: no changes were expected but changes were proposed" >&2
            exit "$FAKE_INFRA_EXIT"
            """);
        _sandbox.Env["GITHUB_STEP_SUMMARY"] = _sandbox.PathOf("summary.md");
    }

    public void Dispose() => _sandbox.Dispose();

    private string Summary => File.Exists(_sandbox.PathOf("summary.md")) ? File.ReadAllText(_sandbox.PathOf("summary.md")) : "";

    [Fact]
    public async Task Drift_exit_7_fails_the_job_with_a_summary_of_what_drifted()
    {
        _sandbox.Env["FAKE_INFRA_EXIT"] = "7";

        var result = await _sandbox.RunAsync(Script, "vps");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(["infra refresh -s vps --preview-only --expect-no-changes"], _sandbox.Calls);
        Assert.Contains("::error title=Drift on stack vps::", result.Stdout);
        Assert.Contains("~ docker:Container grafana update: running changed", result.Stdout);
        Assert.StartsWith("## Drift detected on stack `vps`", Summary);
        Assert.Contains("```\nPreviewing refresh (vps):\n  ~ docker:Container grafana update: running changed\n      ~ running: true => false\n", Summary);
        Assert.Contains("infra up -s vps --yes", Summary);
    }

    [Fact]
    public async Task No_drift_passes_and_says_so()
    {
        _sandbox.Env["FAKE_INFRA_EXIT"] = "0";

        var result = await _sandbox.RunAsync(Script);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["infra refresh -s vps --preview-only --expect-no-changes"], _sandbox.Calls);
        Assert.Contains("No drift", Summary);
        Assert.DoesNotContain("::error", result.Stdout);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("6")]
    public async Task A_check_that_could_not_run_fails_with_its_own_code_and_is_not_called_drift(string code)
    {
        _sandbox.Env["FAKE_INFRA_EXIT"] = code;

        var result = await _sandbox.RunAsync(Script, "vps");

        Assert.Equal(int.Parse(code), result.ExitCode);
        Assert.StartsWith($"## Drift check on stack `vps` could not run (exit {code})", Summary);
        Assert.DoesNotContain("Drift detected", Summary);
    }

    [Fact]
    public async Task Outside_GitHub_Actions_it_writes_no_summary_and_still_fails_on_drift()
    {
        _sandbox.Env["FAKE_INFRA_EXIT"] = "7";
        _sandbox.Env["GITHUB_STEP_SUMMARY"] = "";
        _sandbox.Env["INFRA_STACK"] = "local";

        var result = await _sandbox.RunAsync(Script);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(["infra refresh -s local --preview-only --expect-no-changes"], _sandbox.Calls);
        Assert.False(File.Exists(_sandbox.PathOf("summary.md")));
    }
}
