using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Moq;

namespace Infra.Engine.Tests.Support;

/// <summary>
/// A strict Moq mock of <see cref="IProvider"/> for the <c>test</c> package with sensible defaults:
/// Check passes inputs through, Diff reports changed top-level keys (replacing those in <see cref="ReplaceKeys"/>),
/// Create returns id <c>&lt;name&gt;-&lt;n&gt;</c> and output <c>out = "&lt;name&gt;-out"</c>.
/// Every mutating call is recorded, in order, as <c>create:name</c>, <c>update:name</c>, <c>delete:name</c>.
/// Hooks let a test block or fail a call.
/// </summary>
public sealed class ProviderMock
{
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();

    public ProviderMock()
    {
        Mock.SetupGet(p => p.Package).Returns("test");
        Mock.Setup(p => p.CheckAsync(It.IsAny<CheckRequest>(), It.IsAny<CancellationToken>()))
            .Returns((CheckRequest r, CancellationToken _) =>
            {
                _calls.Enqueue($"check:{NameOf(r.Urn)}");
                return Task.FromResult(new CheckResult(r.News));
            });
        Mock.Setup(p => p.DiffAsync(It.IsAny<DiffRequest>(), It.IsAny<CancellationToken>()))
            .Returns((DiffRequest r, CancellationToken _) =>
            {
                _calls.Enqueue($"diff:{NameOf(r.Urn)}");
                var keys = PropertyDiff.ChangedKeys(r.OldInputs, r.NewInputs);
                return Task.FromResult(new DiffResult(keys, keys.Where(ReplaceKeys.Contains).ToList(), DeleteBeforeReplace));
            });
        Mock.Setup(p => p.CreateAsync(It.IsAny<CreateRequest>(), It.IsAny<CancellationToken>()))
            .Returns(async (CreateRequest r, CancellationToken _) =>
            {
                var name = NameOf(r.Urn);
                _calls.Enqueue($"create:{name}");
                CreateRequests.Enqueue(r);
                if (BeforeCreate is { } hook) await hook(r);
                var n = _counters.AddOrUpdate(name, 1, (_, v) => v + 1);
                return new CreateResult($"{name}-{n}", new JsonObject { ["out"] = $"{name}-out" });
            });
        Mock.Setup(p => p.UpdateAsync(It.IsAny<UpdateRequest>(), It.IsAny<CancellationToken>()))
            .Returns(async (UpdateRequest r, CancellationToken _) =>
            {
                _calls.Enqueue($"update:{NameOf(r.Urn)}");
                UpdateRequests.Enqueue(r);
                if (BeforeUpdate is { } hook) await hook(r);
                return new UpdateResult(new JsonObject { ["out"] = $"{NameOf(r.Urn)}-out" });
            });
        Mock.Setup(p => p.DeleteAsync(It.IsAny<DeleteRequest>(), It.IsAny<CancellationToken>()))
            .Returns(async (DeleteRequest r, CancellationToken _) =>
            {
                _calls.Enqueue($"delete:{NameOf(r.Urn)}");
                DeleteRequests.Enqueue(r);
                if (BeforeDelete is { } hook) await hook(r);
            });
        Mock.Setup(p => p.ReadAsync(It.IsAny<ReadRequest>(), It.IsAny<CancellationToken>()))
            .Returns((ReadRequest r, CancellationToken _) =>
            {
                _calls.Enqueue($"read:{NameOf(r.Urn)}");
                return Task.FromResult(Read?.Invoke(r) ?? new ReadResult(r.Id, r.Inputs, r.Outputs));
            });
    }

    public Mock<IProvider> Mock { get; } = new(MockBehavior.Strict);
    public IProvider Object => Mock.Object;

    /// <summary>Input keys whose change the provider's Diff reports as needing a replacement.</summary>
    public HashSet<string> ReplaceKeys { get; } = [];

    /// <summary>What the provider's Diff says about replacements.</summary>
    public bool DeleteBeforeReplace { get; set; }

    public Func<CreateRequest, Task>? BeforeCreate { get; set; }
    public Func<UpdateRequest, Task>? BeforeUpdate { get; set; }
    public Func<DeleteRequest, Task>? BeforeDelete { get; set; }
    public Func<ReadRequest, ReadResult?>? Read { get; set; }

    public ConcurrentQueue<CreateRequest> CreateRequests { get; } = new();
    public ConcurrentQueue<UpdateRequest> UpdateRequests { get; } = new();
    public ConcurrentQueue<DeleteRequest> DeleteRequests { get; } = new();

    /// <summary>Every call in order, Check and Diff included.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Create, Update and Delete calls in order.</summary>
    public IReadOnlyList<string> Mutations =>
        Calls.Where(c => c.StartsWith("create:", StringComparison.Ordinal) || c.StartsWith("update:", StringComparison.Ordinal)
            || c.StartsWith("delete:", StringComparison.Ordinal)).ToList();

    public void ClearCalls()
    {
        _calls.Clear();
        CreateRequests.Clear();
        UpdateRequests.Clear();
        DeleteRequests.Clear();
    }

    public static string NameOf(string urn) => Infra.Engine.Model.Urn.Parse(urn).Name;
}
