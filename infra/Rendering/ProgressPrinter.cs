using System.Collections.Concurrent;
using Infra.Engine.Execution;
using Infra.Engine.Planning;
using Infra.Engine.Properties;

namespace Infra.Cli.Rendering;

/// <summary>
/// Progress of a running update. On a terminal it redraws a status line listing what is in flight;
/// otherwise (or with CI=true) it prints plain lines, one per event.
/// </summary>
public sealed class ProgressPrinter(TextWriter output, SecretScrubber scrubber, bool terminal) : IDeploymentObserver
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<Operation, DateTime> _inFlight = new();
    private int _statusWidth;

    public void Started(Operation operation)
    {
        _inFlight[operation] = DateTime.UtcNow;
        if (terminal) Redraw();
        else if (operation.Step.Op != StepOp.Same || operation.Kind != OperationKind.Apply) Line($"{Label(operation)} {Doing(operation)}...");
    }

    public void Progress(Operation operation, string message) => Line($"{Label(operation)} {scrubber.Scrub(message)}", transient: terminal);

    public void Completed(Operation operation, TimeSpan elapsed)
    {
        _inFlight.TryRemove(operation, out _);
        if (operation.Step.Op == StepOp.Same && operation.Kind == OperationKind.Apply) { if (terminal) Redraw(); return; }
        Line($"{Label(operation)} {Done(operation)} ({elapsed.TotalSeconds:0.0}s)");
    }

    public void Failed(Operation operation, Exception error)
    {
        _inFlight.TryRemove(operation, out _);
        Line($"{Label(operation)} **{Doing(operation)} failed**: {scrubber.Scrub(error.Message)}");
    }

    private static string Label(Operation op) => $"  {Symbol(op)} {op.Step.Type} {op.Step.Name}";

    private static string Symbol(Operation op) => op.Kind switch
    {
        OperationKind.Delete or OperationKind.DeleteOld => "-",
        _ => op.Step.Op.Symbol().PadRight(2),
    };

    private static string Doing(Operation op) => op.Kind switch
    {
        OperationKind.DeleteOld => "deleting original",
        OperationKind.Delete => "deleting",
        _ => op.Step.Op switch { StepOp.Create => "creating", StepOp.Update => "updating", StepOp.Replace => "creating replacement", _ => "checking" },
    };

    private static string Done(Operation op) => op.Kind switch
    {
        OperationKind.DeleteOld => "deleted original",
        OperationKind.Delete => "deleted",
        _ => op.Step.Op switch { StepOp.Create => "created", StepOp.Update => "updated", StepOp.Replace => "replaced", _ => "same" },
    };

    private void Line(string text, bool transient = false)
    {
        lock (_gate)
        {
            ClearStatus();
            if (!transient) output.WriteLine(text);
            else if (terminal) { WriteStatus(text); return; }
            if (terminal) DrawStatus();
        }
    }

    private void Redraw()
    {
        lock (_gate) { ClearStatus(); DrawStatus(); }
    }

    private void DrawStatus()
    {
        if (_inFlight.IsEmpty) return;
        var names = string.Join(", ", _inFlight.Keys.Select(o => o.Step.Name).Take(4));
        WriteStatus($"  ... {_inFlight.Count} in progress: {names}{(_inFlight.Count > 4 ? ", …" : "")}");
    }

    private void WriteStatus(string text)
    {
        var width = Math.Max(20, (Console.IsOutputRedirected ? 120 : Console.WindowWidth) - 1);
        if (text.Length > width) text = text[..width];
        output.Write("\r" + text);
        _statusWidth = text.Length;
        output.Flush();
    }

    private void ClearStatus()
    {
        if (!terminal || _statusWidth == 0) return;
        output.Write("\r" + new string(' ', _statusWidth) + "\r");
        _statusWidth = 0;
    }
}
