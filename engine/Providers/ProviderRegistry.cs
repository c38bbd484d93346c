namespace Infra.Engine.Providers;

/// <summary>Finds the provider for a type token by its package.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, IProvider> _byPackage = new(StringComparer.Ordinal);

    public ProviderRegistry(IEnumerable<IProvider> providers)
    {
        foreach (var p in providers) _byPackage[p.Package] = p;
    }

    public IReadOnlyCollection<IProvider> All => _byPackage.Values;

    public IProvider For(string type)
    {
        var package = Model.TypeToken.Package(type);
        return _byPackage.TryGetValue(package, out var p)
            ? p
            : throw new EngineException($"no provider for resource type '{type}' (package '{package}')");
    }
}
