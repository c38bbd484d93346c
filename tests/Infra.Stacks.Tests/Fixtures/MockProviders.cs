using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Providers.Docker;
using Infra.Providers.Random;
using Moq;

namespace Infra.Stacks.Tests.Fixtures;

/// <summary>
/// Moq-mocked providers for planning without a Docker host: Check returns the inputs unchanged (docker objects
/// also predict their name, images an id derived from the reference, so references resolve). The Docker mock
/// diffs with the Docker provider's own rules (what changes in place, what replaces, delete before replace);
/// the others report every changed top-level key as a replacement. Passwords come from the real <see cref="RandomProvider"/>.
/// </summary>
public static class MockProviders
{
    /// <summary>The Docker provider's resource kinds: their Check and Diff never reach Docker.</summary>
    private static readonly IReadOnlyDictionary<string, IDockerResourceKind> DockerKinds =
        new IDockerResourceKind[] { new NetworkKind(), new VolumeKind(), new ImageKind(), new ContainerKind() }.ToDictionary(k => k.Type);

    public static Mock<IProvider> Docker() => Mock("docker", request => request.Type switch
    {
        ImageKind.TypeToken => new JsonObject { ["imageId"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.News["name"]!.GetValue<string>()))) },
        _ when request.News["name"] is JsonValue name => new JsonObject { ["name"] = name.DeepClone() },
        _ => null,
    }, request => DockerKinds[request.Type].Diff(request));

    public static Mock<IProvider> Command() => Mock("command", _ => null);

    public static Mock<IProvider> Mock(string package, Func<CheckRequest, JsonObject?> predict, Func<DiffRequest, DiffResult>? diff = null)
    {
        var mock = new Mock<IProvider>(MockBehavior.Strict);
        mock.SetupGet(p => p.Package).Returns(package);
        mock.Setup(p => p.CheckAsync(It.IsAny<CheckRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CheckRequest r, CancellationToken _) => new CheckResult(r.News, predict(r)));
        mock.Setup(p => p.DiffAsync(It.IsAny<DiffRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((DiffRequest r, CancellationToken _) => (diff ?? ReplaceOnAnyChange)(r));
        return mock;
    }

    private static DiffResult ReplaceOnAnyChange(DiffRequest request)
    {
        var keys = PropertyDiff.Compute(request.OldInputs, request.NewInputs).Select(c => c.TopLevelKey).Distinct().ToList();
        return new DiffResult(keys, keys);
    }

    public static Planner Planner(IProvider? random = null) =>
        new(new ProviderRegistry([random ?? new RandomProvider(), Docker().Object, Command().Object]));

    public static Task<Plan> PlanAsync(DesiredState desired, StackSnapshot? prior = null) =>
        Planner().PlanUpdateAsync(desired, prior ?? StackSnapshot.Empty);

    /// <summary>The state an up of <paramref name="plan"/> would leave: planned inputs and outputs of every step.</summary>
    public static StackSnapshot StateAfter(Plan plan) => new(
        plan.Steps.Where(s => s.Op != StepOp.Delete).Select(s => new ResourceState
        {
            Urn = s.Urn,
            Type = s.Type,
            Custom = s.IsCustom,
            Id = s.IsCustom ? "id-" + s.Name : null,
            Parent = s.Desired?.Parent,
            Inputs = (JsonObject)(s.Inputs ?? []).DeepClone(),
            Outputs = (JsonObject)(s.PlannedOutputs ?? s.Inputs ?? []).DeepClone(),
            Dependencies = s.Desired?.Dependencies ?? [],
            RetainOnDelete = s.Desired?.RetainOnDelete ?? false,
        }).ToList(),
        []);
}
