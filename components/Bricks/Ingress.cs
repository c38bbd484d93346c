using Infra.Components.Building;
using Infra.Engine.Model;
using Infra.Providers.Docker;

namespace Infra.Components.Bricks;

/// <summary>
/// ingress_net (the internal façade) and koff_net (ai-proxy and embed-service with the data services they use, and
/// the standard variant's n8n). Its services (<see cref="IngressServices"/>) are added once the data backbone, which
/// joins koff_net, gives them Qdrant.
/// </summary>
public sealed class Ingress : ComponentResource
{
    public const string TypeToken = "infra:bricks:Ingress";

    public Ingress(string name, BrickEnvironment env, ComponentResource parent) : base(TypeToken, name, parent)
    {
        Network = ServiceNetworks.Create("ingress_net", false, this, env);
        KoffNetwork = ServiceNetworks.Create("koff_net", false, this, env);
        RegisterOutput("network", Network.NetworkName);
        RegisterOutput("koffNetwork", KoffNetwork.NetworkName);
    }

    public Network Network { get; }
    public Network KoffNetwork { get; }
}
