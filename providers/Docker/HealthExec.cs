using Docker.DotNet;
using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// Runs a container's own health command once through the exec API, as Docker's health monitor would (same
/// command, the container's user and environment), so a wait need not sit out the health check's interval.
/// </summary>
public static class HealthExec
{
    /// <summary>The outcome of one run: whether the command exited 0, and what it printed.</summary>
    public sealed record Result(bool Passed, string Output);

    /// <summary>The command line to exec for a health check's test, or null for NONE or an empty test.</summary>
    public static IReadOnlyList<string>? Command(IReadOnlyList<string>? test) => test switch
    {
        ["CMD-SHELL", var line] => ["/bin/sh", "-c", line],
        [ "CMD", _, ..] => test.Skip(1).ToList(),
        _ => null,
    };

    /// <returns>The result; not passed when the command cannot run yet (the container is restarting, say) or outlives <paramref name="timeout"/>.</returns>
    public static async Task<Result> RunAsync(IDockerClient client, string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            var exec = await client.Exec.CreateContainerExecAsync(containerId,
                new ContainerExecCreateParameters { Cmd = command.ToList(), AttachStdout = true, AttachStderr = true }, limit.Token);
            string output;
            using (var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), limit.Token))
            {
                var (stdout, stderr) = await stream.ReadOutputToEndAsync(limit.Token);
                output = stdout + stderr;
            }
            var done = await client.Exec.InspectContainerExecAsync(exec.ID, limit.Token);
            return new Result(!done.Running && done.ExitCode == 0, output);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Result(false, $"the health command ran longer than {timeout.TotalSeconds:0}s");
        }
        catch (DockerApiException e)
        {
            return new Result(false, DockerErrors.MessageOf(e));
        }
        catch (IOException e)
        {
            return new Result(false, e.Message);
        }
    }
}
