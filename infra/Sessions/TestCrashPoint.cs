using System.Diagnostics;
using Infra.Engine;
using Infra.Engine.Secrets.Rotation;

namespace Infra.Cli.Sessions;

/// <summary>
/// For tests only: <c>INFRA_TEST_CRASH_AT=&lt;step&gt;</c> (a <see cref="RotationStep"/>) kills this process with
/// SIGKILL, as <c>kill -9</c> would, when a change of passphrase reaches that step, so that a test can prove the
/// stack recoverable from each one. Unset, nothing happens.
/// </summary>
public static class TestCrashPoint
{
    public const string Variable = "INFRA_TEST_CRASH_AT";

    public static Action<string>? From(Func<string, string?> environment)
    {
        if (environment(Variable) is not { Length: > 0 } at) return null;
        if (!RotationStep.All.Contains(at))
            throw new ConfigException($"{Variable}: '{at}' is not a step ({string.Join(", ", RotationStep.All)})");
        return step =>
        {
            if (step != at) return;
            Process.GetCurrentProcess().Kill();
            Environment.FailFast($"{Variable}={at}");
        };
    }
}
