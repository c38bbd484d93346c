using System.Text.Json.Nodes;
using Infra.Cli.Composition;
using Infra.Cli.Rendering;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Cli.Tests;

/// <summary>
/// The seed stack's first plan as data (<c>preview --json</c>'s form), against a file kept in Golden/: a change
/// to the program or to the providers' check rules shows here as a diff to review, whatever renders it.
/// The providers are the ones the CLI makes; planning calls only their Check and Diff, which reach no host.
/// Regenerate with <c>INFRA_UPDATE_GOLDEN=1 dotnet test tests/Infra.Cli.Tests --filter GoldenPlanTests</c>.
/// </summary>
public sealed class GoldenPlanTests
{
    public static TheoryData<string> Variants => new() { "standard", "multi-tenant" };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task The_first_plan_of_the_seed_stack_is_the_one_on_file(string variant)
    {
        var actual = await PlanJsonAsync(variant);
        var file = Path.Combine(SourceDirectory(), "Golden", $"seed-{variant}.plan.json");
        if (Environment.GetEnvironmentVariable("INFRA_UPDATE_GOLDEN") == "1") await File.WriteAllTextAsync(file, actual);

        Assert.True(File.Exists(file), $"{file} is missing: run with INFRA_UPDATE_GOLDEN=1 to write it");
        var expected = (await File.ReadAllTextAsync(file)).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task The_plan_is_the_same_every_time_it_is_made()
    {
        Assert.Equal(await PlanJsonAsync("multi-tenant"), await PlanJsonAsync("multi-tenant"));
    }

    private static async Task<string> PlanJsonAsync(string variant)
    {
        var config = new JsonObject
        {
            ["infra:groqApiKey"] = Secret.Wrap(JsonValue.Create("gsk_golden-key")),
            ["infra:multiTenant"] = variant == "multi-tenant",
        };
        var context = new StackContext("selfhosted", "golden", new StackConfig("Pulumi.golden.yaml", config), RepoRoot(), _ => { });
        var composition = SeedComposition.Create();
        var desired = ProgramRegistration.Register(composition.Program.Build(context));
        var providers = composition.CreateProviders(context);
        try
        {
            var plan = await new Planner(new ProviderRegistry(providers.Providers)).PlanUpdateAsync(desired, StackSnapshot.Empty);
            return PlanJson.Render(plan, [], []).ReplaceLineEndings("\n") + "\n";
        }
        finally
        {
            if (providers.Docker is { } docker) await docker.DisposeAsync();
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }

    private static string SourceDirectory() => Path.Combine(RepoRoot(), "tests", "Infra.Cli.Tests");
}
