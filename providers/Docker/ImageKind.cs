using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary><c>docker:Image</c>: pull (per the pull policy) or build, then report the image id and repo digest.</summary>
public sealed class ImageKind : IDockerResourceKind
{
    public const string TypeToken = "docker:Image";
    private static readonly HashSet<string> InPlace = ["pull", "keepLocally"];
    public string Type => TypeToken;

    public CheckResult Check(CheckRequest request)
    {
        if (!DeclaredInputs.TryRead<ImageArgs>(request.News, out var args, out var error)) return new CheckResult(request.News, null, [error]);
        if (string.IsNullOrWhiteSpace(args!.Name)) return new CheckResult(request.News, null, ["name (the image reference) is required"]);
        if (args.Build is null) return new CheckResult(request.News);
        if (!Directory.Exists(args.Build.Context))
            return new CheckResult(request.News, null, [$"build context '{args.Build.Context}' is not a directory"]);
        var dockerfile = Path.Combine(args.Build.Context, args.Build.Dockerfile ?? "Dockerfile");
        if (!File.Exists(dockerfile)) return new CheckResult(request.News, null, [$"no Dockerfile at {dockerfile}"]);
        var inputs = (JsonObject)request.News.DeepClone();
        inputs["build"]!["contextDigest"] = BuildContext.Digest(args.Build.Context);
        return new CheckResult(inputs);
    }

    public DiffResult Diff(DiffRequest request) =>
        ResourceDiff.Compute(request, InPlace) with { DeleteBeforeReplace = false };

    public async Task<CreateResult> CreateAsync(DockerSession session, CreateRequest request, CancellationToken ct)
    {
        var args = DeclaredInputs.Read<ImageArgs>(request.Inputs);
        if (args.Build is not null) await BuildAsync(session.Client, args, request, ct);
        else await EnsurePresentAsync(session.Client, args, request.Progress, ct);
        var image = await DockerErrors.OrNullWhenMissing(() => session.Client.Images.InspectImageAsync(args.Name, ct))
            ?? throw new DockerOperationException($"image '{args.Name}' is not on the host after {(args.Build is null ? "the pull" : "the build")}");
        return new CreateResult(image.ID, Outputs(image.ID, image.RepoDigests));
    }

    private static async Task EnsurePresentAsync(IDockerClient client, ImageArgs args, IProgress<string>? progress, CancellationToken ct)
    {
        if (args.Pull != ImagePull.Always && await DockerErrors.OrNullWhenMissing(() => client.Images.InspectImageAsync(args.Name, ct)) is not null)
            return;
        if (args.Pull == ImagePull.Never)
            throw new DockerOperationException($"image '{args.Name}' is not on the host and pull is 'never'");
        var reference = ImageReference.Parse(args.Name);
        var messages = new ImageProgress(progress);
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = reference.Repository, Tag = reference.Tag }, null, messages, ct);
        }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"pulling image '{args.Name}' failed: {DockerErrors.MessageOf(e)}", e);
        }
        if (messages.Error is { } error) throw new DockerOperationException($"pulling image '{args.Name}' failed: {error}");
    }

    private static async Task BuildAsync(IDockerClient client, ImageArgs args, CreateRequest request, CancellationToken ct)
    {
        var build = args.Build!;
        await using var tar = await BuildContext.TarAsync(build.Context, ct);
        var messages = new ImageProgress(request.Progress);
        var parameters = new ImageBuildParameters
        {
            Tags = [args.Name],
            Dockerfile = build.Dockerfile ?? "Dockerfile",
            BuildArgs = build.Args?.ToDictionary(),
            Labels = InfraLabels.For(request.Urn, request.Inputs),
            Remove = true,
        };
        await DockerErrors.WrapAsync($"building image '{args.Name}'",
            () => client.Images.BuildImageFromDockerfileAsync(parameters, tar, null, null, messages, ct));
        if (messages.Error is { } error) throw new DockerOperationException($"building image '{args.Name}' failed: {error}");
    }

    public async Task<ReadResult> ReadAsync(DockerSession session, ReadRequest request, CancellationToken ct)
    {
        var name = NameOf(request)!;
        if (session.Listed.Take<ImagesListResponse>(TypeToken, name) is { } listed && await listed is { } found)
            return new ReadResult(found.ID, (JsonObject)request.Inputs.DeepClone(), PropertyDiff.Merge(request.Outputs, Outputs(found.ID, found.RepoDigests)));
        var image = await DockerErrors.OrNullWhenMissing(() => session.Client.Images.InspectImageAsync(name, ct));
        if (image is null) return ReadResult.Gone;
        return new ReadResult(image.ID, (JsonObject)request.Inputs.DeepClone(), PropertyDiff.Merge(request.Outputs, Outputs(image.ID, image.RepoDigests)));
    }

    /// <summary>The name an image resource is read by.</summary>
    public static string? NameOf(ReadRequest request) => request.Inputs["name"]?.GetValue<string>();

    public Task<UpdateResult> UpdateAsync(DockerSession session, UpdateRequest request, CancellationToken ct) =>
        Task.FromResult(new UpdateResult([]));

    public async Task DeleteAsync(DockerSession session, DeleteRequest request, CancellationToken ct)
    {
        if (request.Inputs["keepLocally"]?.GetValue<bool>() != false) return;
        var name = request.Inputs["name"]!.GetValue<string>();
        var current = await DockerErrors.OrNullWhenMissing(() => session.Client.Images.InspectImageAsync(name, ct));
        // Untag by name only while the name still means this image; otherwise remove the old image by id.
        var target = current?.ID == request.Id ? name : request.Id;
        try
        {
            await session.Client.Images.DeleteImageAsync(target, new ImageDeleteParameters(), ct);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e)) { }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"deleting image '{name}': {DockerErrors.MessageOf(e)}", e);
        }
    }

    private static JsonObject Outputs(string id, IList<string>? repoDigests) => new()
    {
        ["imageId"] = id,
        ["repoDigest"] = repoDigests?.FirstOrDefault(),
    };
}
