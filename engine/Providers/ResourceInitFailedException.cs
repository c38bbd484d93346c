using System.Text.Json.Nodes;

namespace Infra.Engine.Providers;

/// <summary>
/// The provider created the object but it did not become ready (a container that never turned healthy, a start that
/// failed). The object exists: the engine records it with the error as Pulumi records <c>initErrors</c>, so a later
/// destroy knows it and the next <c>up</c> replaces it, rather than leaving it on the host unknown to the state.
/// </summary>
public sealed class ResourceInitFailedException(string id, JsonObject outputs, string message, Exception? inner = null)
    : ProviderException(message, inner)
{
    public string Id { get; } = id;
    public JsonObject Outputs { get; } = outputs;
}
