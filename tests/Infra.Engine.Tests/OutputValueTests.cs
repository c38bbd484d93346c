using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Properties;
using Infra.Engine.Tests.Support;

namespace Infra.Engine.Tests;

/// <summary>
/// A component's outputs as the plan describes them: plain collections are walked by hand (so a native AOT build needs
/// no serializer metadata for them), with the same JSON the serializer wrote.
/// </summary>
public sealed class OutputValueTests
{
    [Fact]
    public void Dictionaries_arrays_and_lists_of_outputs_become_json_objects_and_arrays_with_their_references()
    {
        var desired = EngineHarness.Register(root =>
        {
            var thing = new Thing("net", new ThingArgs { Value = "n" }, root);
            root.Export("urls", new Dictionary<string, string> { ["b"] = "http://b", ["a"] = "http://a" });
            root.Export("secrets", new Dictionary<string, object> { ["net"] = thing.Out });
            root.Export("names", new[] { "x", "y" });
            root.Export("mixed", new List<object?> { "z", null, thing.Out, Input<string>.Secret("s") });
            root.Export("nested", new Dictionary<string, string[]> { ["k"] = ["v"] });
            root.Export("scalars", new object[] { true, 3, 4L, 1.5 });
        });

        var outputs = desired.Resources.Single(r => r.Type == StackRoot.TypeToken).Inputs;
        var reference = Reference.Output(EngineHarness.Urn("net"), "out").ToJsonString();
        Assert.Equal("""{"b":"http://b","a":"http://a"}""", outputs["urls"]!.ToJsonString());
        Assert.Equal($$"""{"net":{{reference}}}""", outputs["secrets"]!.ToJsonString());
        Assert.Equal("""["x","y"]""", outputs["names"]!.ToJsonString());
        Assert.Equal($"[\"z\",null,{reference},{Secret.Wrap(JsonValue.Create("s"))!.ToJsonString()}]", outputs["mixed"]!.ToJsonString());
        Assert.Equal("""{"k":["v"]}""", outputs["nested"]!.ToJsonString());
        Assert.Equal("[true,3,4,1.5]", outputs["scalars"]!.ToJsonString());
        Assert.Equal([EngineHarness.Urn("net")], desired.Resources.Single(r => r.Type == StackRoot.TypeToken).Dependencies);
    }

    [Fact]
    public void One_reference_held_twice_is_written_twice()
    {
        var shared = new JsonObject { ["k"] = "v" };
        var desired = EngineHarness.Register(root => root.Export("twice", new[] { shared, shared }));

        var outputs = desired.Resources.Single(r => r.Type == StackRoot.TypeToken).Inputs;
        Assert.Equal("""[{"k":"v"},{"k":"v"}]""", outputs["twice"]!.ToJsonString());
    }
}
