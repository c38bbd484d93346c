using Infra.Engine.Model;

namespace Infra.Components.Building;

/// <summary>
/// What every brick shares: host object names, images, the preflight to wait for, config templates, and where the
/// services run: one Docker host (<see cref="Swarm"/> null) or a swarm.
/// </summary>
public sealed record BrickEnvironment(
    ResourceNames Names,
    ImageSet Images,
    ConfigTemplates Templates,
    IReadOnlyList<Resource> RunAfter,
    int HealthTimeoutSeconds,
    SwarmPlacement? Swarm = null);
