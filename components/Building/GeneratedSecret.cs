using Infra.Engine.Model;
using Infra.Providers.Random;

namespace Infra.Components.Building;

/// <summary>
/// A generated credential of a service. Retained like the data volumes: the data those volumes keep
/// (a Postgres role, n8n's encrypted credentials, Grafana's admin) only opens with the same secret.
/// </summary>
public static class GeneratedSecret
{
    /// <param name="hash">Also derive this hash of it, for a service that stores the hash rather than the secret.</param>
    public static RandomPassword Create(string name, int length, ComponentResource brick, Pbkdf2HashArgs? hash = null) =>
        new(name, new RandomPasswordArgs { Length = length, Pbkdf2 = hash }, brick, new ResourceOptions { RetainOnDelete = true });
}
