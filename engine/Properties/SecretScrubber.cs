using System.Text.Json.Nodes;

namespace Infra.Engine.Properties;

/// <summary>Removes known secret plaintexts from text that is about to be shown (provider errors, command output).</summary>
public sealed class SecretScrubber
{
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public void Learn(JsonNode? node)
    {
        lock (_gate)
            foreach (var s in Secret.PlaintextStrings(node))
                if (s.Length >= 4) _secrets.Add(s);
    }

    public string Scrub(string text)
    {
        lock (_gate)
            foreach (var s in _secrets.OrderByDescending(s => s.Length))
                text = text.Replace(s, Secret.Mask, StringComparison.Ordinal);
        return text;
    }
}
