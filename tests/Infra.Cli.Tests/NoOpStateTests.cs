using Infra.Cli.Tests.Support;
using Infra.Engine.Model;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>A run with nothing to change leaves the state as it found it, byte for byte, secrets included.</summary>
public sealed class NoOpStateTests : IDisposable
{
    private const string Plaintext = "s3cret-kept-sealed";
    private readonly CliHarness _cli = new();
    private readonly ProviderMock _provider = new();

    public void Dispose() => _cli.Dispose();

    private TestProgram Program() => new(root =>
    {
        var db = new Thing("db", new ThingArgs { Value = Input<string>.Secret(Plaintext) }, root);
        _ = new Thing("app", new ThingArgs { Value = Input<string>.Secret(Plaintext), Link = db.Output<string>("value") }, root);
    }, _provider.Object);

    [Fact]
    public async Task A_no_op_up_leaves_the_state_file_and_its_backup_byte_identical()
    {
        Assert.Equal(0, (await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes")).ExitCode);
        var state = await File.ReadAllBytesAsync(_cli.StatePath());
        var backup = await File.ReadAllBytesAsync(_cli.StatePath() + ".bak");
        Assert.Contains("ciphertext", System.Text.Encoding.UTF8.GetString(state));

        for (var run = 0; run < 2; run++)
        {
            var up = await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Equal(state, await File.ReadAllBytesAsync(_cli.StatePath()));
            Assert.Equal(backup, await File.ReadAllBytesAsync(_cli.StatePath() + ".bak"));
        }
        var refresh = await _cli.RunAsync(Program(), "refresh", "-s", "dev", "--yes");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Equal(state, await File.ReadAllBytesAsync(_cli.StatePath()));
    }

    [Fact]
    public async Task A_changed_plain_input_rewrites_the_state_but_keeps_each_unchanged_secret_s_ciphertext()
    {
        Assert.Equal(0, (await _cli.RunAsync(Program(), "up", "-s", "dev", "--yes")).ExitCode);
        var before = Ciphertexts(await File.ReadAllTextAsync(_cli.StatePath()));
        Assert.NotEmpty(before);

        var changed = new TestProgram(root =>
        {
            var db = new Thing("db", new ThingArgs { Value = Input<string>.Secret(Plaintext), Extra = "changed" }, root);
            _ = new Thing("app", new ThingArgs { Value = Input<string>.Secret(Plaintext), Link = db.Output<string>("value") }, root);
        }, _provider.Object);
        var up = await _cli.RunAsync(changed, "up", "-s", "dev", "--yes");
        Assert.True(up.ExitCode == 0, up.ToString());

        var text = await File.ReadAllTextAsync(_cli.StatePath());
        Assert.Contains("changed", text);
        Assert.Equal(before.Distinct().Order(), Ciphertexts(text).Distinct().Order());
    }

    private static List<string> Ciphertexts(string state) =>
        System.Text.RegularExpressions.Regex.Matches(state, "\"ciphertext\": \"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
}
