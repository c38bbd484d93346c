using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Building;

/// <summary>One <c>docker:Image</c> per distinct reference, shared by every container that runs it.</summary>
public sealed class ImageSet(IReadOnlyDictionary<string, string> references, ComponentResource parent)
{
    private readonly Dictionary<string, Image> _images = new(StringComparer.Ordinal);

    /// <summary>The image of a service, e.g. "postgres"; containers use its id, so a new image replaces them.</summary>
    public Image For(string service)
    {
        var reference = Reference(service);
        if (_images.TryGetValue(reference, out var image)) return image;
        var name = reference.Replace('/', '-').Replace(':', '-').Replace('@', '-');
        return _images[reference] = new Image(name, new ImageArgs { Name = reference }, parent);
    }

    /// <summary>The configured reference of a service's image, as every swarm node resolves it.</summary>
    public string Reference(string service) =>
        references.TryGetValue(service, out var reference) ? reference : throw new ArgumentException($"no image configured for service '{service}'", nameof(service));
}
