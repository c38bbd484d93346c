using Infra.Engine.Providers;

namespace Infra.Providers.Docker;

/// <summary>
/// The <c>docker</c> package: networks, volumes, images and containers on one Docker host, reached
/// through a <see cref="DockerConnection"/> that is opened on the first create, read, update or delete.
/// </summary>
public sealed class DockerProvider : IProvider, IReachabilityProbe, IObservedBeforePlan, IResourceTypes, IHostPrerequisites, ISettlesInterruptedDeletes, IFinishesRun,
    IReadsAhead
{
    private readonly DockerConnection _connection;
    private readonly Dictionary<string, IDockerResourceKind> _kinds;
    private readonly RunNetworks _runNetworks = new();

    public DockerProvider(DockerConnection connection)
    {
        _connection = connection;
        _kinds = new IDockerResourceKind[] { new NetworkKind(), new VolumeKind(), new ImageKind(), new ContainerKind(), new ServiceKind() }
            .ToDictionary(k => k.Type, StringComparer.Ordinal);
    }

    public string Package => "docker";

    public bool Handles(string type) => _kinds.ContainsKey(type);

    /// <summary>Images: a tag rebuilt or re-pulled since the last run names another image id.</summary>
    public bool IsObservedBeforePlan(string type) => type == ImageKind.TypeToken;

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_kinds.TryGetValue(request.Type, out var kind)
            ? kind.Check(request)
            : new CheckResult(request.News, null, [$"unknown resource type {request.Type}"]));

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Kind(request.Type).Diff(request));

    /// <summary>Networks, volumes and images: one listing per kind (<see cref="ListedReads"/>).</summary>
    public void ReadAhead(IReadOnlyList<ReadRequest> reads, CancellationToken cancellationToken) =>
        _connection.Listed.Start(reads, _connection.OpenAsync, cancellationToken);

    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(() => HostAnsweringAsync(async session =>
        {
            _connection.Listed.Forget();
            var created = await Kind(request.Type).CreateAsync(session, request, cancellationToken);
            if (request.Type == NetworkKind.TypeToken) _runNetworks.Made(request.Urn, request.Inputs);
            return created;
        }, cancellationToken), request.Inputs);

    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(() => HostAnsweringAsync(session =>
            Kind(request.Type).ReadAsync(session, request, cancellationToken), cancellationToken), request.Inputs);

    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(() => HostAnsweringAsync(session =>
        {
            _connection.Listed.Forget();
            return Kind(request.Type).UpdateAsync(session, request, cancellationToken);
        }, cancellationToken), request.NewInputs, request.OldInputs);

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(() => HostAnsweringAsync(async session =>
        {
            _connection.Listed.Forget();
            await Kind(request.Type).DeleteAsync(session, request, cancellationToken);
            if (request.Type == NetworkKind.TypeToken) _runNetworks.Deleted(request.Urn, request.Inputs);
            return true;
        }, cancellationToken), request.Inputs);

    /// <summary>Networks of a name this run made, adopted or deleted that a killed run's queued create landed since: see <see cref="SameNameNetworks"/>.</summary>
    public async Task FinishRunAsync(CancellationToken cancellationToken)
    {
        if (!_runNetworks.Any) return;
        // A host that stopped answering during the run is not waited for: the next run settles what is left.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            var client = (await _connection.OpenAsync(deadline.Token)).Client;
            foreach (var (urn, name) in _runNetworks.Kept())
                await SameNameNetworks.SettleAsync(client, name, urn, progress: null, deadline.Token);
            foreach (var (urn, name) in _runNetworks.Gone())
                await SameNameNetworks.RemoveOthersAsync(client, name, urn, keptId: "", deadline.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { /* best effort: the next run that touches these networks settles them */ }
    }

    /// <summary>A container a killed run was deleting may still be stopping: its stop is waited for (or made) here.</summary>
    public Task SettleInterruptedDeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        request.Type != ContainerKind.TypeToken ? Task.CompletedTask :
        SecretRedaction.GuardAsync(() => HostAnsweringAsync(async session =>
        {
            await ContainerKind.StopAsync(session, request, cancellationToken);
            return true;
        }, cancellationToken), request.Inputs);

    /// <summary>
    /// A call the host stopped answering mid-way (its daemon stopped, the ssh connection dropped) fails as the host's
    /// failure, naming it, not as the resource's: whether the call took effect is unknown, so the operation stays pending.
    /// </summary>
    private async Task<T> HostAnsweringAsync<T>(Func<DockerSession, Task<T>> call, CancellationToken ct)
    {
        DockerSession? session = null;
        try
        {
            session = await _connection.OpenAsync(ct);
            return await call(session);
        }
        catch (Exception e) when (HostFailure.IsLostConnection(e) || (session is null && HostFailure.NeedsPing(e)))
        {
            throw Lost(e);
        }
        catch (Exception e) when (session is not null && HostFailure.NeedsPing(e))
        {
            var failedAt = DaemonLiveness.Now();
            if (!HostFailure.IsHostFailure(e, await session.Liveness.AfterFailureAsync(failedAt, ct))) throw;
            throw Lost(e);
        }
    }

    private DockerHostException Lost(Exception e) =>
        new($"Docker host {_connection.Options.Host} stopped answering during the run: {e.Message}");

    /// <summary>Opens the connection with a short deadline; the reason names the host when it does not answer.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await _connection.OpenAsync(deadline.Token);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return e is OperationCanceledException
                ? $"Docker host {_connection.Options.Host} did not answer within 15 s"
                : $"Docker host unreachable: {e.Message}";
        }
    }

    public async Task<string?> CheckAsync(IReadOnlyList<Engine.Planning.DesiredResource> resources, CancellationToken cancellationToken) =>
        await SwarmPrerequisites.CheckAsync((await _connection.OpenAsync(cancellationToken)).Client, _connection.Options.Host, resources, cancellationToken);

    private IDockerResourceKind Kind(string type) =>
        _kinds.TryGetValue(type, out var kind) ? kind : throw new InvalidOperationException($"unknown resource type {type}");
}
