using Infra.Engine.Model;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>Failures leave a clean record: pending operations do not pile up; a stale lock has one new owner.</summary>
public sealed class CleanRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("infra-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pending_operations_do_not_pile_up_across_failed_runs()
    {
        var h = new EngineHarness();
        h.Provider.BeforeCreate = r => ProviderMock.NameOf(r.Urn) == "broken" ? throw new InvalidOperationException("no") : Task.CompletedTask;
        void Program(StackRoot root) => new Thing("broken", new ThingArgs { Value = "1" }, root);

        for (var i = 0; i < 3; i++) await h.RunUpAsync(Program);

        var pending = Assert.Single(h.State.PendingOperations);
        Assert.Equal(EngineHarness.Urn("broken"), pending.Resource.Urn);
    }

    [Fact]
    public async Task A_create_the_provider_says_failed_cleanly_leaves_no_pending_operation()
    {
        var h = new EngineHarness();
        h.Provider.BeforeCreate = _ => throw new ProviderException("creating thing 'broken': name already taken");

        var result = await h.RunUpAsync(root => new Thing("broken", new ThingArgs { Value = "1" }, root));

        Assert.Equal(OperationOutcome.Failed, result.Outcome);
        Assert.Empty(h.State.PendingOperations);
        Assert.Null(h.Find("broken"));
    }

    [Fact]
    public async Task A_create_whose_outcome_the_provider_cannot_tell_keeps_its_pending_operation()
    {
        var h = new EngineHarness();
        h.Provider.BeforeCreate = _ => throw new HostGoneException();

        await h.RunUpAsync(root => new Thing("broken", new ThingArgs { Value = "1" }, root));

        Assert.Equal(EngineHarness.Urn("broken"), Assert.Single(h.State.PendingOperations).Resource.Urn);
    }

    [Fact]
    public async Task A_resource_created_that_never_became_ready_is_recorded_then_replaced_by_the_next_up_and_deleted_by_destroy()
    {
        var h = new EngineHarness();
        void Program(StackRoot root) => new Thing("web", new ThingArgs { Value = "1" }, root);
        h.Provider.BeforeCreate = _ => throw new ResourceInitFailedException("made-but-sick", [], "container 'web' did not become healthy within 60s");

        var failed = await h.RunUpAsync(Program);

        Assert.Equal(OperationOutcome.Failed, failed.Outcome);
        Assert.Empty(h.State.PendingOperations);
        var recorded = h.Find("web")!;
        Assert.Equal(("made-but-sick", "container 'web' did not become healthy within 60s"), (recorded.Id, Assert.Single(recorded.InitErrors)));

        h.Provider.BeforeCreate = null;
        var plan = await h.PlanAsync(Program);
        var step = EngineHarness.Step(plan, "web");
        Assert.Equal(StepOp.Replace, step.Op);
        Assert.StartsWith("failed to initialize last time", step.Reason);

        await h.UpAsync(Program);
        Assert.Contains(h.Provider.DeleteRequests, d => d.Id == "made-but-sick");
        Assert.Empty(h.Find("web")!.InitErrors);
    }

    [Fact]
    public async Task Destroy_after_a_create_that_never_became_ready_deletes_the_recorded_object()
    {
        var h = new EngineHarness();
        h.Provider.BeforeCreate = _ => throw new ResourceInitFailedException("made-but-sick", [], "never healthy");
        await h.RunUpAsync(root => new Thing("web", new ThingArgs { Value = "1" }, root));

        var destroy = await h.DestroyAsync();

        Assert.Equal(OperationOutcome.Succeeded, destroy.Outcome);
        Assert.Equal("made-but-sick", Assert.Single(h.Provider.DeleteRequests).Id);
        Assert.Empty(h.State.Resources);
    }

    private sealed class HostGoneException() : ProviderException("cannot reach the host: connection reset")
    {
        public override bool OutcomeUnknown => true;
    }

    [Fact]
    public async Task Two_processes_taking_over_the_same_stale_lock_at_the_same_instant_do_not_both_win()
    {
        var stale = new LockHolder(int.MaxValue - 7, "someone", Environment.MachineName, DateTimeOffset.UtcNow, "infra up");
        var storage = new FileBlobStorage(_dir);
        await storage.CreateExclusiveAsync(StateStore.LockPath("proj", "dev"), stale.ToJson(), CancellationToken.None);
        // Both read the stale lock before either removes it.
        var racing = new RacingStorage(storage, StateStore.LockPath("proj", "dev"));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try { return await new StateStore(racing).LockAsync("proj", "dev", "infra up", null, CancellationToken.None) is not null; }
            catch (StackLockedException) { return false; }
        })));

        Assert.Equal(1, attempts.Count(won => won));
    }

    /// <summary>
    /// The unlucky interleaving: both read the stale lock before either acts, and a second removal of the lock
    /// waits until the first remover has created its own (or a second has passed).
    /// </summary>
    private sealed class RacingStorage(IBlobStorage inner, string lockPath) : IBlobStorage
    {
        private readonly Barrier _bothRead = new(2);
        private readonly ManualResetEventSlim _created = new();
        private int _reads;
        private int _deletes;

        public string Location => inner.Location;
        public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
        {
            var content = await inner.ReadAsync(path, ct);
            if (path == lockPath && Interlocked.Increment(ref _reads) <= 2) _bothRead.SignalAndWait(TimeSpan.FromSeconds(1));
            return content;
        }
        public Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct) => inner.WriteAtomicAsync(path, content, ct);
        public async Task<bool> CreateExclusiveAsync(string path, byte[] content, CancellationToken ct)
        {
            var created = await inner.CreateExclusiveAsync(path, content, ct);
            if (created && path == lockPath) _created.Set();
            return created;
        }
        public Task DeleteAsync(string path, CancellationToken ct)
        {
            if (path == lockPath && Interlocked.Increment(ref _deletes) == 2) _created.Wait(TimeSpan.FromSeconds(1));
            return inner.DeleteAsync(path, ct);
        }
        public Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken ct) => inner.ListAsync(directory, ct);
    }
}
