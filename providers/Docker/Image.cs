using Infra.Engine.Model;

namespace Infra.Providers.Docker;

/// <summary>When to ask the registry for an image.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<ImagePull>))]
public enum ImagePull
{
    /// <summary>Only when the image is not on the host (works offline once it is there).</summary>
    Missing,
    Always,
    /// <summary>Never; the image must already be on the host.</summary>
    Never,
}

/// <summary>A build from a local directory, sent to the engine as a tar (no docker CLI needed).</summary>
public sealed record ImageBuild
{
    public required string Context { get; init; }
    /// <summary>Path of the Dockerfile inside the context; "Dockerfile" when unset.</summary>
    public string? Dockerfile { get; init; }
    public IReadOnlyDictionary<string, string>? Args { get; init; }
    /// <summary>Set at plan time from the context's files, so an edited context rebuilds the image.</summary>
    public string? ContextDigest { get; init; }
}

/// <summary>Arguments of <c>docker:Image</c>: a reference to pull, or to build and tag when <see cref="Build"/> is set.</summary>
public sealed record ImageArgs
{
    /// <summary>The image reference, e.g. "redis:7" or "infra-demo/postgres:15".</summary>
    public required string Name { get; init; }
    public ImagePull Pull { get; init; } = ImagePull.Missing;
    public ImageBuild? Build { get; init; }
    /// <summary>Leave the image on the host when the resource is deleted (the default).</summary>
    public bool KeepLocally { get; init; } = true;
}

/// <summary>An image on the Docker host. Containers refer to <see cref="ImageId"/> so a new image replaces them.</summary>
public sealed class Image(string name, ImageArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<ImageArgs>(ImageKind.TypeToken, name, args, parent, options)
{
    public OutputRef<string> ImageId => Output<string>("imageId");
    public OutputRef<string> RepoDigest => Output<string>("repoDigest");
}
