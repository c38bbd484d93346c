using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Engine.State;

/// <summary>Who holds a stack's lock: written to the lock file, shown to whoever is refused.</summary>
public sealed record LockHolder(int Pid, string Username, string Hostname, DateTimeOffset Timestamp, string Command)
{
    public static LockHolder Current(string command) =>
        new(Environment.ProcessId, Environment.UserName, Environment.MachineName, DateTimeOffset.UtcNow, command);

    public byte[] ToJson() => JsonBytes.Of(new JsonObject
    {
        ["pid"] = Pid, ["username"] = Username, ["hostname"] = Hostname, ["timestamp"] = Timestamp.ToString("O"), ["command"] = Command,
    }, JsonBytes.Compact);

    public static LockHolder? FromJson(byte[]? content)
    {
        try
        {
            if (content is null || JsonNode.Parse(content) is not JsonObject o) return null;
            return new LockHolder(o["pid"]?.GetValue<int>() ?? 0, o["username"]?.GetValue<string>() ?? "?",
                o["hostname"]?.GetValue<string>() ?? "?",
                DateTimeOffset.TryParse(o["timestamp"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t) ? t : default,
                o["command"]?.GetValue<string>() ?? "?");
        }
        catch (JsonException) { return null; }
    }

    /// <summary>True when the holder ran on this machine and its process is gone (killed, crashed).</summary>
    public bool IsStaleHere()
    {
        if (Hostname != Environment.MachineName || Pid <= 0) return false;
        try { using var p = System.Diagnostics.Process.GetProcessById(Pid); return p.HasExited; }
        catch (ArgumentException) { return true; }
    }

    public string Describe() => $"pid {Pid} on host {Hostname} (user {Username}, `{Command}`, since {Timestamp:u})";
}

public sealed class StackLockedException(string message) : EngineException(message);
