using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.State;

namespace Infra.Engine.Secrets.Rotation;

/// <summary>
/// "A change of passphrase is under way", kept on the state's backend beside the state
/// (<c>stacks/&lt;project&gt;/&lt;stack&gt;.rotation</c>) from before the first staged copy is written until the last
/// is removed. It names both <c>encryptionsalt</c>s, the stack file and host the change was started for, and the
/// backend files whose re-encrypted copy (<c>&lt;file&gt;.rotated</c>) belongs to the change. It holds no secret.
/// </summary>
public sealed record RotationMarker(
    string? OldSalt, string NewSalt, string StackFile, string Host, int Pid, DateTimeOffset Started, IReadOnlyList<string> Files)
{
    /// <summary>Not <c>.json</c>: the stacks folder's <c>*.json</c> files are the stacks.</summary>
    public static string PathOf(string project, string stack) => $"stacks/{project}/{stack}.rotation";

    /// <summary>Where the re-encrypted copy of a backend file waits until the stack file has the new salt.</summary>
    public static string StagedPath(string file) => file + ".rotated";

    public byte[] ToJson() => JsonBytes.Of(new JsonObject
    {
        ["kind"] = Kind,
        ["oldSalt"] = OldSalt,
        ["newSalt"] = NewSalt,
        ["stackFile"] = StackFile,
        ["host"] = Host,
        ["pid"] = Pid,
        ["started"] = Started.ToString("O"),
        ["files"] = new JsonArray(Files.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
    }, JsonBytes.Relaxed);

    /// <summary>Throws <see cref="State.StateException"/> naming <paramref name="location"/> when the file is not a marker.</summary>
    public static RotationMarker FromJson(byte[] content, string location)
    {
        try
        {
            var o = JsonNode.Parse(content) as JsonObject ?? throw new JsonException("not a JSON object");
            if (o["kind"]?.GetValue<string>() != Kind) throw new JsonException($"kind is not {Kind}");
            return new RotationMarker(
                o["oldSalt"]?.GetValue<string>(),
                o["newSalt"]!.GetValue<string>(),
                o["stackFile"]!.GetValue<string>(),
                o["host"]!.GetValue<string>(),
                o["pid"]?.GetValue<int>() ?? 0,
                DateTimeOffset.Parse(o["started"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                (o["files"] as JsonArray ?? []).Select(f => f!.GetValue<string>()).ToList());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new State.StateException($"{location} is not a readable record of a change of passphrase ({e.Message}); remove it only if the stack file and the state open with the same passphrase");
        }
    }

    private const string Kind = "infra-secrets-rotation";
}
