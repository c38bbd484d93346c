using Infra.Cli.Tests.Support;
using Infra.Engine.Tests.Support;
using Infra.Providers.Random;

namespace Infra.Cli.Tests;

/// <summary>Generated passwords with the real random provider, exported like the seed stack does: never on disk or in output in plaintext.</summary>
public sealed class SeedProgramSecretTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Generated_passwords_are_encrypted_in_state_and_masked_in_output()
    {
        var program = new TestProgram(root =>
        {
            foreach (var name in new[] { "postgres-password", "redis-password" })
                root.Export(name, new RandomPassword(name, new RandomPasswordArgs { Length = 32 }, root).Result);
        }, new RandomProvider());

        var up = await _cli.RunAsync(program, "up", "-s", "dev", "--yes");
        Assert.True(up.ExitCode == 0, up.ToString());

        var shown = await _cli.RunAsync(program, "stack", "output", "postgres-password", "-s", "dev", "--show-secrets");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var password = shown.Out.Trim();
        Assert.Equal(32, password.Length);
        Assert.Matches("^[A-Za-z0-9]+$", password);

        var state = await File.ReadAllTextAsync(_cli.StatePath());
        var backup = await File.ReadAllTextAsync(_cli.StatePath() + ".bak");
        Assert.DoesNotContain(password, state);
        Assert.DoesNotContain(password, backup);
        Assert.DoesNotContain(password, up.Out + up.Error);
        Assert.Contains("\"ciphertext\": \"v1:", state);
        Assert.Matches(@"postgres-password\s*: \[secret\]", up.Out);
        Assert.Contains("encryptionsalt: v1:", await File.ReadAllTextAsync(_cli.StackFile()));

        var masked = await _cli.RunAsync(program, "stack", "output", "-s", "dev");
        Assert.True(masked.ExitCode == 0, masked.ToString());
        Assert.Contains("[secret]", masked.Out);
        Assert.Contains("postgres-password", masked.Out);
        Assert.DoesNotContain(password, masked.Out);
    }
}
