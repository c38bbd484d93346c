using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.State;
using Infra.Providers.Command;
using Infra.Providers.Random;
using Infra.Providers.Tests.Fixtures;

namespace Infra.Providers.Tests.Random;

/// <summary>
/// <c>random:Password</c> with the opt-in PBKDF2 hash, through the real engine (no Docker: the hash's consumer is a
/// local command). The password is what data on the host opens with: a hash change must never regenerate it.
/// </summary>
public sealed class RandomPasswordTests
{
    private static readonly Pbkdf2HashArgs Spec = new() { Digest = "sha512", Iterations = 101, SaltLength = 12, HashLength = 64 };

    /// <summary>A password and a command that receives "salt$hash", the way a service's password file would.</summary>
    private static void Program(StackRoot root, Pbkdf2HashArgs? spec)
    {
        var password = new RandomPassword("broker-password", new RandomPasswordArgs { Length = 32, Pbkdf2 = spec }, root);
        _ = new Local("passwd", new CommandArgs
        {
            Create = "printf '%s' \"$LINE\"",
            Environment = new Dictionary<string, Input<string>> { ["LINE"] = Input.Format("{0}${1}", password.Pbkdf2Salt, password.Pbkdf2Hash) },
        }, root);
    }

    private static string Reveal(JsonNode? node) => Secret.Reveal(node)!.GetValue<string>();

    private static void AssertHashOf(string password, string line)
    {
        var parts = line.Split('$');
        var salt = Convert.FromBase64String(parts[0]);
        Assert.Equal(12, salt.Length);
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 101, HashAlgorithmName.SHA512, 64);
        Assert.Equal(Convert.ToBase64String(expected), parts[1]);
    }

    [Fact]
    public async Task The_hash_is_of_the_password_and_stays_the_same_from_one_up_to_the_next()
    {
        await using var stack = new TestStack("random");
        await stack.UpAsync(r => Program(r, Spec));
        var password = Reveal(stack.Snapshot.Of("broker-password").Outputs["result"]);
        var line = Reveal(stack.Snapshot.Of("passwd").Outputs["stdout"]);
        AssertHashOf(password, line);

        var again = await stack.UpAsync(r => Program(r, Spec));

        Assert.All(again.Steps, s => Assert.Equal(StepOp.Same, s.Op));
        Assert.Equal(line, Reveal(stack.Snapshot.Of("passwd").Outputs["stdout"]));
    }

    [Fact]
    public async Task A_password_deployed_before_the_hash_was_opt_in_keeps_its_value_and_gains_the_hash()
    {
        await using var stack = new TestStack("random");
        const string deployed = "Deployed0Password0Kept0Across0Up";
        var urn = stack.Urn(RandomProvider.PasswordType, "broker-password");
        // What the state held when every password carried a Mosquitto "$7$" line of its own.
        stack.Snapshot = new StackSnapshot([new ResourceState
        {
            Urn = urn, Type = RandomProvider.PasswordType, Id = "old",
            Inputs = new JsonObject { ["length"] = 32, ["special"] = false },
            Outputs = new JsonObject
            {
                ["length"] = 32,
                ["special"] = false,
                ["result"] = Secret.Wrap(JsonValue.Create(deployed)),
                ["mosquittoHash"] = Secret.Wrap(JsonValue.Create("$7$101$c2FsdA==$aGFzaA==")),
            },
        }], []);

        var plan = await stack.UpAsync(r => Program(r, Spec));

        Assert.Equal(StepOp.Update, plan.Of("broker-password").Op);
        Assert.Equal(deployed, Reveal(stack.Snapshot.Of("broker-password").Outputs["result"]));
        AssertHashOf(deployed, Reveal(stack.Snapshot.Of("passwd").Outputs["stdout"]));
        Assert.All((await stack.PreviewAsync(r => Program(r, Spec))).Steps, s => Assert.Equal(StepOp.Same, s.Op));
    }

    [Fact]
    public async Task A_new_hash_spec_rehashes_the_same_password_and_a_new_length_replaces_it()
    {
        await using var stack = new TestStack("random");
        await stack.UpAsync(r => Program(r, Spec));
        var password = Reveal(stack.Snapshot.Of("broker-password").Outputs["result"]);

        var rehashed = await stack.UpAsync(r => Program(r, Spec with { Iterations = 1000 }));

        Assert.Equal(StepOp.Update, rehashed.Of("broker-password").Op);
        Assert.Equal(password, Reveal(stack.Snapshot.Of("broker-password").Outputs["result"]));

        var preview = await stack.PreviewAsync(r =>
            _ = new RandomPassword("broker-password", new RandomPasswordArgs { Length = 40, Pbkdf2 = Spec }, r));
        Assert.Equal(StepOp.Replace, preview.Of("broker-password").Op);
    }

    [Fact]
    public async Task A_bad_hash_spec_fails_the_plan()
    {
        await using var stack = new TestStack("random");

        var error = await Assert.ThrowsAsync<PlanException>(() => stack.PreviewAsync(r => Program(r, Spec with { Digest = "md5", SaltLength = 2 })));

        Assert.Contains("pbkdf2.digest must be sha256 or sha512, not 'md5'", error.Message);
        Assert.Contains("pbkdf2.saltLength must be between 8 and 64, not 2", error.Message);
    }
}
