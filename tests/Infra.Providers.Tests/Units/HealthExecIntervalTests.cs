using Infra.Providers.Docker;

namespace Infra.Providers.Tests.Units;

public sealed class HealthExecIntervalTests
{
    [Theory]
    [InlineData(0, 250)]
    [InlineData(1_000, 250)]
    [InlineData(4_000, 500)]
    [InlineData(6_000, 750)]
    [InlineData(8_000, 1_000)]
    [InlineData(60_000, 1_000)]
    public void The_health_command_runs_again_after_an_eighth_of_the_wait_so_far_between_250_ms_and_1_s(int waitedMs, int intervalMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), HealthWait.ExecInterval(TimeSpan.FromMilliseconds(waitedMs)));
}
