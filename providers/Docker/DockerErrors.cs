using System.Net;
using System.Text.Json;
using Docker.DotNet;

namespace Infra.Providers.Docker;

/// <summary>Reads the daemon's own message out of an API error, and recognises the common statuses.</summary>
public static class DockerErrors
{
    public static string MessageOf(DockerApiException e)
    {
        try
        {
            using var doc = JsonDocument.Parse(e.ResponseBody ?? "");
            if (doc.RootElement.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } message) return message;
        }
        catch (JsonException) { }
        return string.IsNullOrWhiteSpace(e.ResponseBody) ? e.StatusCode.ToString() : e.ResponseBody.Trim();
    }

    public static bool IsNotFound(Exception e) => e is DockerApiException { StatusCode: HttpStatusCode.NotFound };

    /// <summary>Runs a call and returns null when the object does not exist.</summary>
    public static async Task<T?> OrNullWhenMissing<T>(Func<Task<T>> call) where T : class
    {
        try { return await call(); }
        catch (DockerApiException e) when (IsNotFound(e)) { return null; }
    }

    /// <summary>Runs a call; an API error becomes one line saying what was being done and the daemon's answer.</summary>
    public static async Task<T> WrapAsync<T>(string what, Func<Task<T>> call)
    {
        try { return await call(); }
        catch (DockerApiException e) { throw new DockerOperationException($"{what}: {MessageOf(e)}", e); }
    }

    public static async Task WrapAsync(string what, Func<Task> call)
    {
        try { await call(); }
        catch (DockerApiException e) { throw new DockerOperationException($"{what}: {MessageOf(e)}", e); }
    }
}
