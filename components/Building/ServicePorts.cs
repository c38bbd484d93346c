namespace Infra.Components.Building;

/// <summary>The port each service listens on inside its container (what the isolation proof connects to).</summary>
public static class ServicePorts
{
    public static readonly IReadOnlyDictionary<string, int> ByService = new Dictionary<string, int>
    {
        ["postgres"] = 5432,
        ["redis"] = 6379,
        ["mosquitto"] = 1883,
        ["qdrant"] = 6333,
        ["minio"] = 9000,
        ["n8n"] = 5678,
        ["ai-proxy"] = 8080,
        ["embed-service"] = 8000,
        ["jeux-text"] = 3001,
        ["strudel"] = 4321,
        ["prometheus"] = 9090,
        ["grafana"] = 3000,
        ["caddy"] = 443,
    };
}
