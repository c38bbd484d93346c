using System.Collections.Concurrent;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Providers;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>Dependency order and the --parallel bound of the executor.</summary>
public sealed class OrderingTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task Dependencies_finish_before_their_dependents_start_even_with_parallelism()
    {
        var events = new ConcurrentQueue<string>();
        _h.Provider.BeforeCreate = async r =>
        {
            var name = ProviderMock.NameOf(r.Urn);
            events.Enqueue($"start:{name}");
            await Task.Yield();
            await Task.Delay(name == "base" ? 50 : 1); // give dependents every chance to start too early
            events.Enqueue($"end:{name}");
        };

        // A diamond: left and right refer to base; top depends on both (one by reference, one by DependsOn).
        await _h.UpAsync(root =>
        {
            var b = new Thing("base", new ThingArgs { Value = "1" }, root);
            var left = new Thing("left", new ThingArgs { Link = b.Out }, root);
            var right = new Thing("right", new ThingArgs { Link = b.Out }, root);
            new Thing("top", new ThingArgs { Link = left.Out }, root, new ResourceOptions { DependsOn = [right] });
            new Thing("alone", new ThingArgs { Value = "1" }, root);
        }, parallel: 8);

        var e = events.ToList();
        int At(string ev) => e.IndexOf(ev) is var i and >= 0 ? i : throw new Xunit.Sdk.XunitException($"{ev} missing from {string.Join(", ", e)}");
        Assert.True(At("end:base") < At("start:left"));
        Assert.True(At("end:base") < At("start:right"));
        Assert.True(At("end:left") < At("start:top"));
        Assert.True(At("end:right") < At("start:top"));
        // The dependent got the dependency's output, and the state records the edges.
        Assert.Equal("base-out", (string?)_h.Find("left")!.Inputs["link"]);
        Assert.Equal("left-out", (string?)_h.Find("top")!.Inputs["link"]);
        Assert.Equal([EngineHarness.Urn("left"), EngineHarness.Urn("right")], _h.Find("top")!.Dependencies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Parallel_two_never_runs_more_than_two_creates_at_once()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var started = new SemaphoreSlim(0);
        var gate = new SemaphoreSlim(0);
        _h.Provider.BeforeCreate = async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            started.Release();
            await gate.WaitAsync();
            Interlocked.Decrement(ref inFlight);
        };
        var run = _h.RunUpAsync(root =>
        {
            for (var i = 0; i < 10; i++) new Thing($"t{i}", new ThingArgs { Value = $"{i}" }, root);
        }, parallel: 2);
        // Let one create finish only once two are running; an unbounded executor would have started all ten by then.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)), $"create #{i + 1} never started");
            if (i >= 1) gate.Release();
        }
        gate.Release(10);
        var result = (await run).Execution!;

        Assert.True(result.Succeeded);
        Assert.Equal(2, maxInFlight);
        Assert.Equal(10, _h.Provider.CreateRequests.Count);
        Assert.Equal(10, _h.State.Resources.Count(r => r.Type == Thing.TypeToken));
    }

    [Fact]
    public async Task Of_the_operations_ready_together_the_one_with_the_longest_chain_waiting_on_it_starts_first_and_the_provider_is_told_that_chain()
    {
        var order = new ConcurrentQueue<string>();
        _h.Provider.BeforeCreate = r =>
        {
            order.Enqueue(ProviderMock.NameOf(r.Urn));
            return Task.CompletedTask;
        };

        // Leaves declared first; the chain base <- mid <- top declared last. With one operation at a time, declaration
        // order alone would create the leaves first.
        await _h.UpAsync(root =>
        {
            new Thing("leaf1", new ThingArgs { Value = "1" }, root);
            new Thing("leaf2", new ThingArgs { Value = "2" }, root);
            var b = new Thing("base", new ThingArgs { Value = "b" }, root);
            var mid = new Thing("mid", new ThingArgs { Link = b.Out }, root);
            new Thing("top", new ThingArgs { Link = mid.Out }, root);
        }, parallel: 1);

        var things = order.Where(n => n is "leaf1" or "leaf2" or "base" or "mid" or "top").ToList();
        Assert.Equal("base", things[0]);
        int Chain(string name) => _h.Provider.CreateRequests.Single(r => ProviderMock.NameOf(r.Urn) == name).WaitingChain;
        Assert.Equal(Chain("top") + 2, Chain("base"));
        Assert.Equal(Chain("top") + 1, Chain("mid"));
        Assert.Equal(Chain("top"), Chain("leaf1"));
    }

    [Fact]
    public void A_nodes_waiting_chain_counts_the_nodes_of_its_longest_chain_of_dependents()
    {
        var graph = new Infra.Engine.Graph.DependencyGraph<string>();
        // a <- b <- c <- d, and a <- e: a's longest chain is b, c, d.
        graph.AddEdge("b", "a");
        graph.AddEdge("c", "b");
        graph.AddEdge("d", "c");
        graph.AddEdge("e", "a");
        graph.AddEdge("d", "e");
        graph.AddNode("alone");

        var chains = graph.WaitingChains();

        Assert.Equal(3, chains["a"]);
        Assert.Equal(2, chains["b"]);
        Assert.Equal(1, chains["c"]);
        Assert.Equal(1, chains["e"]);
        Assert.Equal(0, chains["d"]);
        Assert.Equal(0, chains["alone"]);
    }

    [Fact]
    public async Task Destroy_finishes_when_components_export_their_own_childrens_outputs()
    {
        // The seed's shape: a brick exports its network's name, and the stack exports a password that lives
        // under a brick. Each component depends on its descendant while the descendant's parent is the component.
        await _h.UpAsync(root =>
        {
            var brick = new Group("brick", root);
            root.Export("secret", brick.Secret.Out);
        });
        Assert.Equal(2, _h.State.Resources.Count(r => r.Type == Thing.TypeToken));
        _h.Provider.ClearCalls();

        var result = (await _h.DestroyAsync(parallel: 4)).Execution!;

        Assert.True(result.Succeeded);
        Assert.Equal(result.Total, result.Completed);
        Assert.Equal(["delete:net", "delete:secret"], _h.Provider.Mutations.Order(StringComparer.Ordinal));
        Assert.Empty(_h.State.Resources);
    }

    private sealed class Group : ComponentResource
    {
        public Group(string name, ComponentResource parent) : base("test:Group", name, parent)
        {
            Network = new Thing("net", new ThingArgs { Value = "n" }, this);
            Secret = new Thing("secret", new ThingArgs { Value = "s" }, this);
            RegisterOutput("network", Network.Out);
        }

        public Thing Network { get; }
        public Thing Secret { get; }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
