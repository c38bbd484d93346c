using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Cli.Sessions;
using Infra.Engine.Model;
using Infra.Engine.Properties;
using Infra.Engine.State;

namespace Infra.Cli.Commands;

/// <summary>The stack outputs: the root resource's outputs in the state.</summary>
public static class StackOutputs
{
    public static JsonObject Read(StackSnapshot snapshot) =>
        snapshot.Resources.FirstOrDefault(r => r.Type == StackRoot.TypeToken)?.Outputs ?? [];

    /// <summary>Prints the outputs of <paramref name="final"/> (the state a run just saved), else of the state as it is read now.</summary>
    public static async Task PrintAsync(CliEnvironment env, StackSession session, StackSnapshot? final, CancellationToken ct)
    {
        var outputs = Read(final ?? await session.LoadAsync(ct));
        if (outputs.Count == 0) return;
        env.Out.WriteLine("Outputs:");
        var width = outputs.Max(kv => kv.Key.Length);
        foreach (var (key, value) in outputs) env.Out.WriteLine($"    {key.PadRight(width)}: {Text(value, showSecrets: false)}");
    }

    public static string Text(JsonNode? value, bool showSecrets)
    {
        var shown = showSecrets ? Secret.RevealAll(value) : Secret.Masked(value);
        return shown is JsonValue v && v.TryGetValue<string>(out var s) ? s : shown?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
    }
}
