using Infra.Engine.Config;
using Infra.Engine.Secrets;

namespace Infra.Engine.Workspace;

/// <summary>
/// One stack of a project on disk: <c>Pulumi.yaml</c>, <c>Pulumi.&lt;stack&gt;.yaml</c> and the passphrase
/// crypter (derived once, on first need, because PBKDF2 with a million rounds is deliberately slow).
/// </summary>
public sealed class StackWorkspace
{
    private readonly Func<string, string?> _environment;
    private ISecretsCrypter? _crypter;

    public StackWorkspace(ProjectFile project, string stack, Func<string, string?> environment)
    {
        if (!StackName.IsValid(stack)) throw new ConfigException($"'{stack}' is not a valid stack name (letters, digits, '-', '_', '.')");
        Project = project;
        Stack = stack;
        _environment = environment;
        StackFile = StackConfigFile.LoadOrEmpty(project.StackFilePath(stack));
    }

    public ProjectFile Project { get; }
    public string Stack { get; }
    public StackConfigFile StackFile { get; }
    public bool StackFileExists => File.Exists(StackFile.Path);

    /// <summary>
    /// Starts deriving the key in the background when the stack has a salt and a passphrase is set, so the
    /// deliberately slow derivation overlaps with loading the program and the state.
    /// </summary>
    public void StartKeyDerivation()
    {
        if (_crypter is not null || StackFile.EncryptionSalt is not { } salt) return;
        if (PassphraseSource.TryGet(_environment) is not { } passphrase) return;
        _ = KeyDerivations.Start(passphrase, salt);
    }

    /// <summary>The crypter for this stack; creates and saves an <c>encryptionsalt</c> the first time one is needed.</summary>
    public ISecretsCrypter Crypter()
    {
        if (_crypter is not null) return _crypter;
        var passphrase = PassphraseSource.Get(_environment);
        if (StackFile.EncryptionSalt is { } salt)
        {
            // The derivation this process started for the same passphrase and salt, if one was (see StartKeyDerivation).
            try { _crypter = KeyDerivations.Start(passphrase, salt).GetAwaiter().GetResult(); }
            catch (FormatException e) { throw new ConfigException($"{StackFile.Path}: encryptionsalt: {e.Message}"); }
            catch (IncorrectPassphraseException)
            {
                throw new IncorrectPassphraseException($"{StackFile.Path}: encryptionsalt: incorrect passphrase: it does not open this stack's key (check PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE)");
            }
        }
        else
        {
            // A new salt cannot open values encrypted under another: refuse before writing one into the user's file.
            if (StackConfig.HasSecureValues(StackFile.Values))
                throw new ConfigException($"{StackFile.Path}: {FirstSecureKey()}: a secure value but no encryptionsalt: it was encrypted under a key this file does not name (restore the file's encryptionsalt, or set the value again with `infra config set --secret`)");
            var (crypter, newSalt) = PassphraseCrypter.CreateNew(passphrase);
            StackFile.EncryptionSalt = newSalt;
            StackFile.Save();
            _crypter = crypter;
        }
        return _crypter;
    }

    private string FirstSecureKey() => StackFile.Values.First(kv => StackConfig.HasSecureValues(kv.Value)).Key;

    public string? EncryptionSalt => StackFile.EncryptionSalt;

    public StackConfig OpenConfig() => StackConfig.Open(StackFile, Crypter);
}

public static class StackName
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name[0] != '.';
}
