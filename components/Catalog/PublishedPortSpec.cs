namespace Infra.Components.Catalog;

/// <summary>A container port a service may publish, named by its <c>infra:ports</c> key; <see cref="Scheme"/> makes its URL.</summary>
public sealed record PublishedPortSpec(string Key, int Internal, string Scheme);
