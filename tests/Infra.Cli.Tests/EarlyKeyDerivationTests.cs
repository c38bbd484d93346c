using Infra.Cli.Sessions;
using Infra.Engine.Secrets;

namespace Infra.Cli.Tests;

/// <summary>The key derivation a command starts as its process starts, from its raw arguments and the stack file.</summary>
public sealed class EarlyKeyDerivationTests : IDisposable
{
    private const string Passphrase = "early-bird";
    private readonly string _dir = Directory.CreateTempSubdirectory("infra-early-key-").FullName;
    private readonly string _salt;

    public EarlyKeyDerivationTests()
    {
        File.WriteAllText(Path.Combine(_dir, "Pulumi.yaml"), "name: proj\nruntime: dotnet\n");
        _salt = PassphraseCrypter.CreateNew(Passphrase).EncryptionSalt;
        File.WriteAllText(Path.Combine(_dir, "Pulumi.dev.yaml"), $"encryptionsalt: {_salt}\nconfig:\n  proj:a: b\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CliEnvironment Environment(string? passphrase = Passphrase, string? cwd = null) =>
        new(cwd ?? _dir, name => name == PassphraseSource.Variable ? passphrase : null, TextWriter.Null, TextWriter.Null, TextReader.Null, false, false);

    [Theory]
    [InlineData("up", "-s", "dev")]
    [InlineData("preview", "--stack=dev")]
    [InlineData("refresh", "--yes")]
    [InlineData("destroy", "--stack", "dev", "--yes")]
    public async Task A_verb_that_runs_the_program_starts_the_derivation_the_stack_will_ask_for(params string[] args)
    {
        var started = await EarlyKeyDerivation.Start(args, Environment());

        Assert.NotNull(started);
        Assert.Same(started, KeyDerivations.Start(Passphrase, _salt));
    }

    [Fact]
    public async Task It_looks_for_the_project_in_parent_folders()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir, "sub", "deeper")).FullName;

        Assert.Same(await EarlyKeyDerivation.Start(["up", "-s", "dev"], Environment(cwd: sub)), KeyDerivations.Start(Passphrase, _salt));
    }

    [Theory]
    [InlineData("stack", "ls")]
    [InlineData("--version")]
    [InlineData("config", "set", "a", "b")]
    [InlineData("up", "-s", "other")]
    public async Task Nothing_is_derived_for_other_verbs_or_a_stack_without_a_file(params string[] args)
    {
        Assert.Null(await EarlyKeyDerivation.Start(args, Environment()));
    }

    [Fact]
    public async Task Nothing_is_derived_without_a_passphrase_or_a_project()
    {
        Assert.Null(await EarlyKeyDerivation.Start(["up", "-s", "dev"], Environment(passphrase: null)));
        Assert.Null(await EarlyKeyDerivation.Start(["up", "-s", "dev"], Environment(cwd: Path.GetTempPath())));
    }

    [Fact]
    public async Task Two_stack_files_and_no_stack_named_is_no_guess()
    {
        File.WriteAllText(Path.Combine(_dir, "Pulumi.prod.yaml"), $"encryptionsalt: {_salt}\n");

        Assert.Null(await EarlyKeyDerivation.Start(["up"], Environment()));
    }

    [Theory]
    [InlineData(new[] { "up", "-s", "dev" }, "dev")]
    [InlineData(new[] { "up", "--stack", "org/proj/dev" }, "org/proj/dev")]
    [InlineData(new[] { "up", "--yes", "--stack=dev" }, "dev")]
    [InlineData(new[] { "up", "-s:dev" }, "dev")]
    [InlineData(new[] { "up", "--", "-s", "dev" }, null)]
    [InlineData(new[] { "up", "-s" }, null)]
    public void The_stack_option_is_read_as_the_command_line_reads_it(string[] args, string? stack)
    {
        Assert.Equal(stack, EarlyKeyDerivation.StackOption(args));
    }
}
