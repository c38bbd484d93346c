using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers;

/// <summary>Keeps plaintext secrets out of error messages that leave a provider.</summary>
public static class SecretRedaction
{
    public static string Apply(string message, params JsonObject?[] inputs)
    {
        foreach (var secret in inputs.SelectMany(i => Secret.PlaintextStrings(i)).Where(s => s.Length >= 3).Distinct().OrderByDescending(s => s.Length))
            message = message.Replace(secret, Secret.Mask, StringComparison.Ordinal);
        return message;
    }

    /// <summary>Runs a provider call; a failure is rethrown with every secret of the inputs masked.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, params JsonObject?[] inputs)
    {
        try { return await call(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var masked = Apply(e.Message, inputs);
            if (masked == e.Message) throw;
            // The original is dropped on purpose: its message and inner exceptions may hold the secrets.
            throw new ProviderException(masked);
        }
    }
}
