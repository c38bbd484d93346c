using System.Text.Json.Nodes;
using Infra.Engine.Model;
using Infra.Engine.Properties;
using Infra.Engine.Secrets;
using Infra.Engine.Secrets.Rotation;
using Infra.Engine.State;
using Infra.Engine.Tests.Support;

namespace Infra.Cli.Tests.Support;

/// <summary>
/// A stack with secrets everywhere a change of passphrase must reach: three secure values in its stack file (a key,
/// a nested map entry, a list item), a secret in its state, and a history entry holding an older one. Built once per
/// test class (two `up`s, each deriving the key), then copied into each test's harness.
/// </summary>
public sealed class RotationStack : IAsyncLifetime
{
    public const string OldPassphrase = CliHarness.Passphrase;
    public const string NewPassphrase = "a new passphrase";
    public const string Token = "t0ken-plaintext";
    public const string Admin = "adm1n-plaintext";
    public const string Item = "1tem-plaintext";
    /// <summary>The state's secret before the second `up`: in history entry 2 only.</summary>
    public const string OlderDb = "db-secret-older";
    /// <summary>The state's secret now.</summary>
    public const string Db = "db-secret-now";
    public static readonly string[] Plaintexts = [Token, Admin, Item, OlderDb, Db, OldPassphrase, NewPassphrase];

    private readonly CliHarness _built = new();

    public RotationStack() => (Crypter, Salt) = PassphraseCrypter.CreateNew(OldPassphrase);

    /// <summary>Opens the stack as built (the old passphrase).</summary>
    public PassphraseCrypter Crypter { get; }
    public string Salt { get; }

    public static TestProgram Program(string secret) =>
        new(root => _ = new Thing("db", new ThingArgs { Value = Input<string>.Secret(secret) }, root), new ProviderMock().Object);

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_built.StackFile(),
            $"encryptionsalt: {Salt}\nconfig:\n  proj:token:\n    secure: {Crypter.Encrypt(Token)}\n"
            + $"  proj:caddy:\n    users:\n      admin:\n        secure: {Crypter.Encrypt(Admin)}\n"
            + $"  proj:list:\n  - secure: {Crypter.Encrypt(Item)}\n  proj:plain: visible\n");
        foreach (var secret in new[] { OlderDb, Db })
        {
            var up = await _built.RunAsync(Program(secret), "up", "-s", "dev", "--yes");
            Assert.True(up.ExitCode == 0, up.ToString());
        }
    }

    public Task DisposeAsync()
    {
        _built.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The stack file, the state and the history, as built, into <paramref name="cli"/>'s folders.</summary>
    public void CopyTo(CliHarness cli)
    {
        File.Copy(_built.StackFile(), cli.StackFile(), overwrite: true);
        foreach (var file in Directory.GetFiles(_built.BackendDir, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(cli.BackendDir, Path.GetRelativePath(_built.BackendDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }

    /// <summary>Every file of the stack (stack file and backend) with its content: to prove nothing changed.</summary>
    public static SortedDictionary<string, string> Snapshot(CliHarness cli)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Pulumi.dev.yaml"] = File.ReadAllText(cli.StackFile()) };
        if (Directory.Exists(cli.BackendDir))
            foreach (var file in Directory.GetFiles(cli.BackendDir, "*", SearchOption.AllDirectories))
                files[Path.GetRelativePath(cli.BackendDir, file)] = File.ReadAllText(file);
        return files;
    }

    public static string HistoryEntry(CliHarness cli, int version) =>
        Path.Combine(cli.BackendDir, "stacks", "proj", "dev.history", $"{version}.json");

    public static string Marker(CliHarness cli) =>
        Path.Combine(cli.BackendDir, RotationMarker.PathOf("proj", "dev").Replace('/', Path.DirectorySeparatorChar));

    public static string? SaltOf(string stackFile) => Infra.Engine.Config.StackConfigFile.Load(stackFile).EncryptionSalt;

    /// <summary>The plaintext of every secret in a checkpoint, opened with <paramref name="crypter"/>.</summary>
    public static IReadOnlyList<string> SecretsIn(string checkpoint, ISecretsCrypter crypter) =>
        CheckpointSerializer.Read(File.ReadAllBytes(checkpoint), checkpoint, () => crypter).Snapshot.Resources
            .SelectMany(r => Secret.PlaintextStrings(r.Inputs).Concat(Secret.PlaintextStrings(r.Outputs))).Distinct().ToList();

    /// <summary>The stack file's values as the config listing shows them with --show-secrets.</summary>
    public static void AssertConfigPlaintexts(string configJson)
    {
        var config = JsonNode.Parse(configJson)!;
        Assert.Equal(Token, (string?)config["proj:token"]!["value"]);
        Assert.Equal(Admin, (string?)config["proj:caddy"]!["objectValue"]!["users"]!["admin"]);
        Assert.Equal(Item, (string?)config["proj:list"]!["objectValue"]![0]);
        Assert.Equal("visible", (string?)config["proj:plain"]!["value"]);
    }
}
