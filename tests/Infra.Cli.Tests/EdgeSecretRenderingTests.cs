using System.Text.Json.Nodes;
using Infra.Cli.Composition;
using Infra.Cli.Rendering;
using Infra.Components.ServiceConfigs;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.Secrets;
using Infra.Engine.State;

namespace Infra.Cli.Tests;

/// <summary>
/// The edge's Caddyfile holds the bcrypt hash of every user's password: computed from a secret, it is a secret.
/// No rendering of a plan (text with --diff, --json, the pull-request comment) and no state shows the hash.
/// </summary>
public sealed class EdgeSecretRenderingTests
{
    private const string Password = "edge-Admin-pw-1a2b3c";
    private const string NewPassword = "edge-Admin-pw-4d5e6f";

    private static JsonObject Config(string password) => new()
    {
        ["infra:groqApiKey"] = Secret.Wrap(JsonValue.Create("gsk_rendering-key")),
        ["infra:caddy"] = new JsonObject
        {
            ["enabled"] = true,
            ["publicDomain"] = "example.org",
            ["email"] = "ops@example.org",
            ["users"] = new JsonObject { ["admin"] = Secret.Wrap(JsonValue.Create(password)) },
        },
    };

    private static async Task<Plan> PlanAsync(JsonObject config, StackSnapshot prior)
    {
        var context = new StackContext("selfhosted", "edge", new StackConfig("Pulumi.edge.yaml", config), RepoRoot(), _ => { });
        var composition = SeedComposition.Create();
        var desired = ProgramRegistration.Register(composition.Program.Build(context));
        var providers = composition.CreateProviders(context);
        try
        {
            return await new Planner(new ProviderRegistry(providers.Providers)).PlanUpdateAsync(desired, prior);
        }
        finally
        {
            if (providers.Docker is { } docker) await docker.DisposeAsync();
        }
    }

    /// <summary>The state an up of the plan would leave: its planned inputs and outputs.</summary>
    private static StackSnapshot StateAfter(Plan plan) => new(
        plan.Steps.Where(s => s.Op != StepOp.Delete).Select(s => new ResourceState
        {
            Urn = s.Urn,
            Type = s.Type,
            Custom = s.IsCustom,
            Id = s.IsCustom ? "id-" + s.Name : null,
            Parent = s.Desired?.Parent,
            Inputs = (JsonObject)(s.Inputs ?? []).DeepClone(),
            Outputs = (JsonObject)(s.PlannedOutputs ?? s.Inputs ?? []).DeepClone(),
            Dependencies = s.Desired?.Dependencies ?? [],
        }).ToList(),
        []);

    [Fact]
    public async Task No_rendering_of_a_plan_and_no_state_shows_the_bcrypt_hash()
    {
        var create = await PlanAsync(Config(Password), StackSnapshot.Empty);
        // A new password replaces the edge: the diff holds the old and the new Caddyfile.
        var change = await PlanAsync(Config(NewPassword), StateAfter(create));
        Assert.Contains(change.Steps, s => s.Name == "caddy" && s.Type == "docker:Container" && s.Op == StepOp.Replace);

        string[] hashes = [Caddyfile.Hash("admin", Password), Caddyfile.Hash("admin", NewPassword)];
        foreach (var plan in new[] { create, change })
        {
            var renderings = new Dictionary<string, string>
            {
                ["preview --diff"] = PlanText.Render(plan, diff: true, includeSame: true),
                ["preview --json"] = PlanJson.Render(plan, [], []),
                ["preview --markdown"] = PlanMarkdown.Render(plan, [], []),
            };
            foreach (var (name, text) in renderings)
            {
                Assert.DoesNotContain("$2a$", text);
                foreach (var hash in hashes) Assert.False(text.Contains(hash, StringComparison.Ordinal), $"{name} shows a bcrypt hash");
                foreach (var password in new[] { Password, NewPassword }) Assert.DoesNotContain(password, text);
            }
            Assert.Contains("[secret]", renderings["preview --diff"]);
        }

        // The state keeps inputs as Pulumi does: secrets as ciphertext.
        var caddy = StateAfter(change).Resources.Single(r => r.Name == "caddy" && r.Type == "docker:Container");
        var stored = CheckpointSerializer.Encrypt(caddy.Inputs, new PlaintextToken())!.ToJsonString();
        Assert.DoesNotContain("$2a$", stored);
        Assert.Contains(PlaintextToken.Marker, stored);
    }

    /// <summary>Stands in for the passphrase crypter (a million PBKDF2 rounds): what it encrypts shows as a marker.</summary>
    private sealed class PlaintextToken : ISecretsCrypter
    {
        public const string Marker = "v1:encrypted";
        public string Encrypt(string plaintext) => Marker;
        public string Decrypt(string ciphertext) => throw new NotSupportedException();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }
}
