using Infra.Engine.Model;

namespace Infra.Components.Building;

/// <summary>What every brick shares: host object names, images, the preflight to wait for, config templates.</summary>
public sealed record BrickEnvironment(
    ResourceNames Names,
    ImageSet Images,
    ConfigTemplates Templates,
    IReadOnlyList<Resource> RunAfter,
    int HealthTimeoutSeconds);
