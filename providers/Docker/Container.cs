using Infra.Engine.Model;

namespace Infra.Providers.Docker;

/// <summary>A container on the Docker host.</summary>
public sealed class Container(string name, ContainerArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<ContainerArgs>(ContainerKind.TypeToken, name, args, parent, options)
{
    public OutputRef<string> ContainerName => Output<string>("name");
}
