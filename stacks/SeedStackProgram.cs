using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Providers;
using Infra.Providers.Random;

namespace Infra.Stacks;

/// <summary>The seed's stack. For now: the generated secrets every brick needs.</summary>
public sealed class SeedStackProgram : IStackProgram
{
    private static readonly string[] SecretNames =
        ["postgres-password", "redis-password", "mosquitto-password", "qdrant-api-key", "minio-root-password", "n8n-encryption-key", "grafana-admin-password"];

    public StackRoot Build(StackContext context)
    {
        var root = new StackRoot(context.Project, context.Stack);
        foreach (var name in SecretNames)
        {
            var password = new RandomPassword(name, new RandomPasswordArgs { Length = 32 }, root);
            root.Export(name, password.Result);
        }
        return root;
    }

    public IReadOnlyList<IProvider> CreateProviders(StackContext context) => [new RandomProvider()];
}
