namespace Infra.Components.Catalog;

/// <summary>
/// The names the edge serves under the public domain: <c>{subdomain}.{domain}</c> over HTTPS, the subdomain
/// from the catalog, with the tenant in front for a tenant's own service (<c>azoth.n8n</c>).
/// </summary>
public sealed record PublicSites(string Domain)
{
    public static string Subdomain(ServiceSpec service, string? tenant = null) =>
        service.Subdomain is { } sub
            ? tenant is null ? sub : $"{tenant}.{sub}"
            : throw new ArgumentException($"the edge does not route to {service.Name}", nameof(service));

    public string Host(string subdomain) => $"{subdomain}.{Domain}";

    public string Url(string subdomain) => $"https://{Host(subdomain)}";
}
