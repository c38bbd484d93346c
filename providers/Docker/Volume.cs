using Infra.Engine.Model;

namespace Infra.Providers.Docker;

/// <summary>Arguments of <c>docker:Volume</c>. Every change replaces the volume.</summary>
public sealed record VolumeArgs
{
    /// <summary>The volume name on the host; defaults to the resource name.</summary>
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
    public IReadOnlyDictionary<string, Input<string>>? Labels { get; init; }
}

/// <summary>
/// A named Docker volume. Volumes hold data, so they are kept when the stack is destroyed or the
/// volume leaves the program (<c>RetainOnDelete</c> defaults to true here); pass
/// <c>new ResourceOptions { RetainOnDelete = false }</c> to have destroy delete it.
/// </summary>
public sealed class Volume(string name, VolumeArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<VolumeArgs>(VolumeKind.TypeToken, name, args, parent, RetainedByDefault(options))
{
    public OutputRef<string> VolumeName => Output<string>("name");

    private static ResourceOptions RetainedByDefault(ResourceOptions? options)
    {
        var o = options ?? ResourceOptions.None;
        return o with { RetainOnDelete = o.RetainOnDelete ?? true };
    }
}
