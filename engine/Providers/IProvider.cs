namespace Infra.Engine.Providers;

/// <summary>
/// One package of resource types ("random", "command", …). Inputs arrive with secrets wrapped
/// (see <see cref="Properties.Secret"/>); use <c>Secret.RevealAll</c> to read them.
/// </summary>
public interface IProvider
{
    string Package { get; }

    /// <summary>Validates and normalises inputs; may predict outputs known before creation.</summary>
    Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken);

    Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken);

    Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken);

    /// <summary>Reads the live object for refresh: what was declared only, or <see cref="ReadResult.Gone"/>.</summary>
    Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken);

    Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken);

    Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken);
}
