using Infra.Cli;
using Infra.Cli.Composition;
using Infra.Cli.Tests.Support;
using Infra.Engine;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.Secrets;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Docker.Probing;
using Infra.Providers.Ssh;

namespace Infra.Cli.Tests;

/// <summary>
/// Failures reach the user as one line with Pulumi's exit code: 1 at run time (a host that does not answer, a refused
/// operation, a failed command), 2 for bad configuration; never an exception's class name or a stack trace.
/// </summary>
public sealed class FailureExitCodeTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<Exception, int> Exceptions() => new()
    {
        { new DockerHostException("tcp://127.0.0.1:1: the Docker engine does not answer"), 1 },
        { new DockerOperationException("creating container 'web': conflict"), 1 },
        { new SshException("ssh deploy@vps: connection refused"), 1 },
        { new CommandFailedException("command on this machine exited with code 3: boom"), 1 },
        { new ProviderException("a provider failed"), 1 },
        { new StateException("state file x is corrupt"), 1 },
        { new EngineException("dependency cycle"), 1 },
        { new HttpRequestException("the connection was reset"), 1 },
        { new ConfigException("Pulumi.dev.yaml: bad key"), 2 },
        { new IncorrectPassphraseException(), 2 },
        { new CommandFailure(6, "no stack named 'nope' found"), 6 },
        { new OperationCanceledException(), 8 },
        { new InvalidOperationException("a bug"), 255 },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Every_failure_maps_to_its_exit_code_with_a_message_that_names_no_type(Exception e, int code)
    {
        var (actual, message) = CliApp.Classify(e);

        Assert.Equal(code, actual);
        Assert.DoesNotContain(e.GetType().Name, message);
        Assert.DoesNotContain("Exception", message);
    }

    [Fact]
    public async Task Verify_against_a_host_that_does_not_answer_is_exit_1_in_one_line()
    {
        var program = new TestProgram(_ => { }, _provider.Object);
        Assert.Equal(0, (await _cli.RunAsync(program, "up", "-s", "dev", "--yes")).ExitCode);
        var unreachable = new StackComposition(program,
            _ => new ProviderSet([_provider.Object], new DockerConnection(DockerHostOptions.Resolve("tcp://127.0.0.1:1"))),
            (_, _) => new ExpectedStack([], "busybox:1.36", (_, _) => true));

        var verify = await _cli.RunAsync(unreachable, CancellationToken.None, "verify", "-s", "dev");

        Assert.StartsWith("error: tcp://127.0.0.1:1", AssertOneLine(1, verify));
    }

    [Fact]
    public async Task The_real_program_verifying_an_unreachable_docker_host_is_exit_1_in_one_line()
    {
        File.WriteAllText(_cli.StackFile(), "config:\n  docker:host: tcp://127.0.0.1:1\n");
        var config = await _cli.RunProcessAsync("config", "set", "-s", "dev", "--secret", "groqApiKey", "gsk_test");
        Assert.True(config.ExitCode == 0, config.ToString());
        await new StateStore(new FileBlobStorage(_cli.BackendDir)).SaveAsync("proj", "dev", StackSnapshot.Empty, null, null, CancellationToken.None);

        var verify = await _cli.RunProcessAsync("verify", "-s", "dev");

        Assert.StartsWith("error: tcp://127.0.0.1:1: the Docker engine does not answer", AssertOneLine(1, verify));
    }

    [Fact]
    public async Task A_failed_operation_is_reported_by_its_message_alone()
    {
        _provider.BeforeCreate = _ => throw new DockerOperationException("creating container 'a': the name is taken");
        var program = new TestProgram(root => new Thing("a", new ThingArgs { Value = "1" }, root), _provider.Object);

        var up = await _cli.RunAsync(program, "up", "-s", "dev", "--yes");

        Assert.True(up.ExitCode == 1, up.ToString());
        Assert.Contains("error: test:Thing 'a': creating container 'a': the name is taken", up.Error);
        Assert.DoesNotContain("Exception", up.Error);
    }

    [Fact]
    public async Task An_internal_error_is_255_and_shows_where_it_happened_only_when_asked()
    {
        var program = new TestProgram(_ => throw new InvalidOperationException("a bug"), _provider.Object);

        Assert.Equal("error: internal error: a bug", AssertOneLine(255, await _cli.RunAsync(program, "preview", "-s", "dev")));

        _cli.Env[CliApp.DebugVariable] = "1";
        var debug = await _cli.RunAsync(program, "preview", "-s", "dev");
        Assert.Equal(255, debug.ExitCode);
        Assert.Contains("System.InvalidOperationException: a bug", debug.Error);
    }

    /// <summary>The one line of standard error, after checking the exit code.</summary>
    private static string AssertOneLine(int code, CliResult result)
    {
        Assert.True(result.ExitCode == code, $"expected exit {code}, got {result}");
        return Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
    }
}
