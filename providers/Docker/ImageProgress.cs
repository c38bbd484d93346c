using Docker.DotNet.Models;

namespace Infra.Providers.Docker;

/// <summary>
/// Turns the engine's JSON message stream (pull layers, build steps) into progress lines, and keeps
/// the error the stream ended with: the engine reports pull and build failures there, not as a status code.
/// </summary>
public sealed class ImageProgress(IProgress<string>? lines) : IProgress<JSONMessage>
{
    private readonly object _gate = new();
    private string? _lastStatus;

    public string? Error { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error)
        {
            lock (_gate) Error = error.Trim();
            return;
        }
        var text = (value.Stream ?? (value.Status is null ? null : $"{value.ID}{(value.ID is null ? "" : ": ")}{value.Status}"))?.Trim();
        if (string.IsNullOrEmpty(text)) return;
        lock (_gate)
        {
            // Download percentages repeat for every chunk; pass on each distinct status only.
            if (text == _lastStatus || value.Progress is not null && value.Status == "Downloading") return;
            _lastStatus = text;
        }
        lines?.Report(text);
    }
}
