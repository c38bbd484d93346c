using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Providers.Random;
using Infra.Stacks.Tests.Fixtures;
using Infra.Providers.Docker;

namespace Infra.Stacks.Tests;

/// <summary>Secrets travel only as secret values (item 5).</summary>
public sealed partial class SecretTests
{
    [GeneratedRegex("PASSWORD|_KEY$|SECRET|TOKEN")]
    private static partial Regex SecretName();

    public static TheoryData<string> Variants() => new() { "standard", "multi-tenant", "standard+caddy", "multi-tenant+caddy" };

    private bool CarriesSecret(StackBuild build, JsonNode? value) => Secret.IsSecret(value) || build.IsPasswordReference(value);

    [Theory]
    [MemberData(nameof(Variants))]
    public void Env_values_named_like_secrets_are_secrets_and_only_they_are(string variant)
    {
        var build = StackBuild.Of(variant);
        var checkedKeys = 0;
        foreach (var c in build.Containers)
            foreach (var (key, value) in StackBuild.Env(c))
            {
                Assert.True(SecretName().IsMatch(key) == CarriesSecret(build, value),
                    $"{StackBuild.HostName(c)}: {key} = {value?.ToJsonString()}");
                if (SecretName().IsMatch(key)) checkedKeys++;
            }
        Assert.True(checkedKeys >= 10, $"only {checkedKeys} secret env values found");
    }

    public static TheoryData<string, string, string> SecretEnv() => new()
    {
        { "postgres", "POSTGRES_PASSWORD", "postgres-password" },
        { "mosquitto", "MQTT_PASSWORD", "mosquitto-password" },
        { "qdrant", "QDRANT__SERVICE__API_KEY", "qdrant-api-key" },
        { "minio", "MINIO_ROOT_PASSWORD", "minio-root-password" },
        { "n8n", "DB_POSTGRESDB_PASSWORD", "postgres-password" },
        { "n8n", "QUEUE_BULL_REDIS_PASSWORD", "redis-password" },
        { "n8n", "N8N_ENCRYPTION_KEY", "n8n-encryption-key" },
        { "embed-service", "QDRANT_API_KEY", "qdrant-api-key" },
        { "grafana", "GF_SECURITY_ADMIN_PASSWORD", "grafana-admin-password" },
    };

    [Theory]
    [MemberData(nameof(SecretEnv))]
    public void Generated_secret_reaches_its_service_as_a_reference(string container, string key, string password)
    {
        var build = StackBuild.Of("standard");
        Assert.Equal(password, build.Referenced(StackBuild.Env(build.Container(container))[key], RandomProvider.PasswordType, "result").Name);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Groq_key_appears_once_wrapped_in_ai_proxy(string variant)
    {
        var build = StackBuild.Of(variant);
        var value = StackBuild.Env(build.Container("ai-proxy"))["GROQ_API_KEY"];

        Assert.True(Secret.IsSecret(value));
        Assert.Equal(StackBuild.GroqKey, Secret.Reveal(value)!.GetValue<string>());
        var occurrences = build.Desired.Resources.SelectMany(r => StackBuild.AllStrings(r.Inputs)).Count(s => s.Contains(StackBuild.GroqKey, StringComparison.Ordinal));
        Assert.Equal(1, occurrences);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_configured_secret_in_plain_text_anywhere_in_the_desired_inputs(string variant)
    {
        var build = StackBuild.Of(variant);
        foreach (var r in build.Desired.Resources)
            foreach (var (path, text) in StackBuild.PlainStrings(r.Inputs))
            {
                Assert.DoesNotContain(StackBuild.GroqKey, text);
                Assert.False(text.Contains(StackBuild.CaddyPassword, StringComparison.Ordinal), $"{r.Type} '{r.Name}' {path}");
            }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Files_carrying_secrets_are_secret_and_the_others_hold_none(string variant)
    {
        var build = StackBuild.Of(variant);
        // The Caddyfile holds the bcrypt hashes of the edge users' passwords: computed from a secret, so a secret.
        string[] secretFiles = ["/mosquitto/config/passwd", "/usr/local/etc/redis/redis.conf", "/etc/prometheus/secrets/qdrant", "/etc/caddy/Caddyfile"];
        var found = new List<string>();
        foreach (var c in build.Containers)
            foreach (var f in build.Files(c))
            {
                if (secretFiles.Contains(f.Path))
                {
                    Assert.True(CarriesSecret(build, f.Content), $"{StackBuild.HostName(c)}:{f.Path} = {f.Content?.ToJsonString()}");
                    found.Add(f.Path);
                }
                else Assert.False(Secret.ContainsSecret(f.Content) || build.IsPasswordReference(f.Content), $"{StackBuild.HostName(c)}:{f.Path}");
            }
        var brokers = variant.StartsWith("multi", StringComparison.Ordinal) ? StackBuild.Tenants.Length : 1;
        var edge = variant.EndsWith("+caddy", StringComparison.Ordinal) ? 1 : 0;
        Assert.Equal(brokers * 2 + 1 + edge, found.Count);
    }

    [Theory]
    [InlineData("standard", "")]
    [InlineData("multi-tenant", "azoth-")]
    [InlineData("multi-tenant", "koff-")]
    public void Broker_and_redis_files_hold_the_same_passwords_their_clients_use(string variant, string prefix)
    {
        var build = StackBuild.Of(variant);
        var passwd = build.File($"{prefix}mosquitto", "/mosquitto/config/passwd").Content!.AsObject();
        Assert.Equal("infra:$7$101${0}${1}\n", passwd["$format"]!.GetValue<string>());
        Assert.Equal($"{prefix}mosquitto-password", build.Referenced(passwd["$args"]![0], RandomProvider.PasswordType, Pbkdf2Derivation.SaltOutput).Name);
        Assert.Equal($"{prefix}mosquitto-password", build.Referenced(passwd["$args"]![1], RandomProvider.PasswordType, Pbkdf2Derivation.HashOutput).Name);
        Assert.Equal($"{prefix}mosquitto-password",
            build.Referenced(StackBuild.Env(build.Container($"{prefix}mosquitto"))["MQTT_PASSWORD"], RandomProvider.PasswordType, "result").Name);
        Assert.Equal("0600", build.File($"{prefix}mosquitto", "/mosquitto/config/passwd").Mode);

        var redisConf = build.File($"{prefix}redis", "/usr/local/etc/redis/redis.conf").Content!.AsObject();
        Assert.StartsWith("requirepass {0}\n", redisConf["$format"]!.GetValue<string>());
        Assert.Equal($"{prefix}redis-password", build.Referenced(redisConf["$args"]![0], RandomProvider.PasswordType, "result").Name);
        Assert.DoesNotContain(build.Container($"{prefix}redis").Inputs["command"]!.AsArray(), a => a!.GetValue<string>().Contains("requirepass", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("multi-tenant+caddy")]
    public async Task Planned_inputs_hold_generated_passwords_only_inside_secret_wrappers(string variant)
    {
        var build = StackBuild.Of(variant);
        var plan = await MockProviders.PlanAsync(build.Desired);

        var generated = plan.Steps.Where(s => s.Type == RandomProvider.PasswordType)
            .SelectMany(s => new[] { "result", Pbkdf2Derivation.SaltOutput, Pbkdf2Derivation.HashOutput }.Select(k => s.PlannedOutputs![k]).OfType<JsonNode>())
            .Select(v => { Assert.True(Secret.IsSecret(v)); return Secret.Reveal(v)!.GetValue<string>(); })
            .Append(StackBuild.GroqKey).Append(StackBuild.CaddyPassword)
            .ToList();
        Assert.True(generated.Count >= 7 + 2 + 2);

        foreach (var step in plan.Steps)
            foreach (var (path, text) in StackBuild.PlainStrings(step.Inputs).Concat(StackBuild.PlainStrings(step.PlannedOutputs)))
                Assert.False(generated.Any(g => text.Contains(g, StringComparison.Ordinal)), $"{step.Type} '{step.Name}' {path} holds a secret in plain text");

        // Resolved, every secret env value and secret file is a secret wrapper (formats over a secret stay secret).
        foreach (var step in plan.Steps.Where(s => s.Type == ContainerKind.TypeToken))
        {
            foreach (var (key, value) in step.Inputs!["env"] as JsonObject ?? [])
                if (SecretName().IsMatch(key)) Assert.True(Secret.IsSecret(value), $"{step.Name}: {key}");
            foreach (var file in step.Inputs["files"] as JsonArray ?? [])
                if (file!["path"]!.GetValue<string>() is "/mosquitto/config/passwd" or "/usr/local/etc/redis/redis.conf" or "/etc/prometheus/secrets/qdrant")
                    Assert.True(Secret.IsSecret(file["content"]), $"{step.Name}: {file["path"]}");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_policy_gate_passes_the_stack_as_built(string variant)
    {
        var build = StackBuild.Of(variant);
        Assert.Empty(build.Program.CheckPolicies(build.Desired));
    }

    [Fact]
    public void Passwords_are_long_alphanumeric_and_never_regenerated_by_config_alone()
    {
        var build = StackBuild.Of("multi-tenant");
        Assert.All(build.Passwords, p => Assert.InRange(p.Inputs["length"]!.GetValue<int>(), 32, 64));
        Assert.All(build.Passwords, p => Assert.Null(p.Inputs["keepers"]));
    }
}
