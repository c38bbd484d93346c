using Infra.Engine.Model;

namespace Infra.Engine.Tests;

/// <summary>The URN grammar: <c>urn:infra:&lt;stack&gt;::&lt;project&gt;::&lt;parent types$type&gt;::&lt;name&gt;</c>.</summary>
public sealed class UrnTests
{
    [Fact]
    public void Create_joins_the_parent_chain_and_parse_reads_it_back()
    {
        var urn = Urn.Create("dev", "proj", "test:Thing", "web", Urn.Qualify("infra:bricks:Vault", "infra:bricks:Inner"));

        Assert.Equal("urn:infra:dev::proj::infra:bricks:Vault$infra:bricks:Inner$test:Thing::web", urn.ToString());
        var parsed = Urn.Parse(urn.ToString());
        Assert.Equal(urn, parsed);
        Assert.Equal(("dev", "proj", "web", "test:Thing"), (parsed.Stack, parsed.Project, parsed.Name, parsed.Type));
        Assert.Equal(["infra:bricks:Vault", "infra:bricks:Inner"], parsed.ParentTypes);
    }

    [Fact]
    public void A_resource_under_the_stack_has_no_parent_types_and_its_name_may_hold_the_separator()
    {
        var urn = Urn.Parse("urn:infra:dev::proj::test:Thing::a::b");

        Assert.Equal("test:Thing", urn.Type);
        Assert.Empty(urn.ParentTypes);
        Assert.Equal("a::b", urn.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("urn:infra:dev::proj::test:Thing")]
    [InlineData("urn:other:dev::proj::test:Thing::a")]
    [InlineData("urn:infra:dev::::test:Thing::a")]
    public void A_malformed_urn_is_a_clear_error(string text)
    {
        var e = Assert.Throws<FormatException>(() => Urn.Parse(text));

        Assert.Contains($"'{text}' is not a URN of the form urn:infra:<stack>::<project>::<type>::<name>", e.Message);
        Assert.False(Urn.TryParse(text, out _));
    }
}
