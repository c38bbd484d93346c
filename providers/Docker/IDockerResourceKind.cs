using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>One Docker resource type. Check and Diff never reach Docker; the other verbs get the run's session.</summary>
public interface IDockerResourceKind
{
    string Type { get; }
    CheckResult Check(CheckRequest request);
    DiffResult Diff(DiffRequest request);
    Task<CreateResult> CreateAsync(DockerSession session, CreateRequest request, CancellationToken ct);
    Task<ReadResult> ReadAsync(DockerSession session, ReadRequest request, CancellationToken ct);
    Task<UpdateResult> UpdateAsync(DockerSession session, UpdateRequest request, CancellationToken ct);
    Task DeleteAsync(DockerSession session, DeleteRequest request, CancellationToken ct);
}
