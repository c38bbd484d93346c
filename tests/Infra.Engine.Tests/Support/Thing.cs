using Infra.Engine.Model;

namespace Infra.Engine.Tests.Support;

/// <summary>Arguments of the test resource type <c>test:Thing</c>.</summary>
public sealed record ThingArgs
{
    public Input<string>? Value { get; init; }
    public Input<string>? Link { get; init; }
    public string? Extra { get; init; }
}

/// <summary>A resource managed by the mocked <c>test</c> provider.</summary>
public sealed class Thing(string name, ThingArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<ThingArgs>(Thing.TypeToken, name, args, parent, options)
{
    public const string TypeToken = "test:Thing";

    /// <summary>The output the mocked provider returns: <c>"&lt;name&gt;-out"</c>.</summary>
    public OutputRef<string> Out => Output<string>("out");
}

/// <summary>A program built from a delegate, and the providers a front end should run it with.</summary>
public sealed class TestProgram(Action<StackRoot> build, params IReadOnlyList<Infra.Engine.Providers.IProvider> providers) : IStackProgram
{
    public IReadOnlyList<Infra.Engine.Providers.IProvider> Providers => providers;

    public StackRoot Build(StackContext context)
    {
        var root = new StackRoot(context.Project, context.Stack);
        build(root);
        return root;
    }
}
