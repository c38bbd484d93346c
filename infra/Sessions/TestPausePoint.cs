using Infra.Engine;
using Infra.Engine.Secrets.Rotation;
using Infra.Engine.State;

namespace Infra.Cli.Sessions;

/// <summary>
/// For tests only: <c>INFRA_TEST_PAUSE_AT=&lt;point&gt;[@N]</c> makes the run, when it reaches that point (the Nth time;
/// the first by default), print <c>paused at &lt;point&gt;</c> on stderr and block, so that a test can kill it there
/// with SIGKILL and prove the stack recoverable. The points are where a run prints nothing of its own: a change of
/// passphrase's steps (<see cref="RotationStep"/>) and the state's writes and lock (<see cref="StatePoint"/>).
/// Unset, nothing happens.
/// </summary>
public static class TestPausePoint
{
    public const string Variable = "INFRA_TEST_PAUSE_AT";

    /// <summary>Longest a paused run waits for its kill, so a test that died first leaves no process behind for ever.</summary>
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<string, int> Reached = [];

    public static IReadOnlyList<string> Points { get; } = [.. RotationStep.All, .. StatePoint.All];

    public static Action<string>? From(Func<string, string?> environment)
    {
        if (environment(Variable) is not { Length: > 0 } text) return null;
        var (at, nth) = Parse(text);
        return point =>
        {
            if (point != at) return;
            lock (Reached)
            {
                Reached[point] = Reached.GetValueOrDefault(point) + 1;
                if (Reached[point] != nth) return;
            }
            Console.Error.WriteLine($"paused at {point}");
            Console.Error.Flush();
            Thread.Sleep(LongestPause);
            Environment.FailFast($"{Variable}={text}: not killed within {LongestPause.TotalMinutes:0} minutes");
        };
    }

    private static (string Point, int Nth) Parse(string text)
    {
        var at = text;
        var nth = 1;
        if (text.IndexOf('@') is var sign and > 0)
        {
            at = text[..sign];
            if (!int.TryParse(text[(sign + 1)..], out nth) || nth < 1)
                throw new ConfigException($"{Variable}: '{text}' is not <point>@<N> with N 1 or more");
        }
        if (!Points.Contains(at)) throw new ConfigException($"{Variable}: '{at}' is not a point ({string.Join(", ", Points)})");
        return (at, nth);
    }
}
