using Infra.Providers.Ssh;

namespace Infra.Cli.Sessions;

/// <summary>
/// An ssh:// state backend named by the environment, opened as the process starts (its login and its remote shell, in
/// the background) for the verbs that open a stack: logging in is the slowest step of opening a remote stack, and it
/// then overlaps the key derivation and the command's start-up. <see cref="BackendFactory"/> takes it when it opens
/// the same URL with the same options; otherwise it is closed when the command ends.
/// </summary>
public static class EarlyBackend
{
    private static readonly object Gate = new();
    private static (string Key, SshBlobStorage Storage)? _opened;

    /// <summary>Returns (for tests) the backend it opened, if it did.</summary>
    public static SshBlobStorage? Start(IReadOnlyList<string> args, CliEnvironment env)
    {
        if (!EarlyKeyDerivation.RunsTheProgram(args)) return null;
        if (PulumiVariables.Read(env.Variables, PulumiVariables.BackendUrl) is not (_, var url) || !url.StartsWith("ssh://", StringComparison.Ordinal)) return null;
        try
        {
            if (BackendFactory.Create(env.Variables) is not SshBlobStorage storage) return null;
            lock (Gate) _opened = (Key(url, env.Variables(BackendSshOptions.Variable)), storage);
            return storage;
        }
        catch (Exception)
        {
            // Only a head start: the command opens the backend itself and says what is wrong.
            return null;
        }
    }

    /// <summary>The backend opened early for this URL and these options, once; null when there is none.</summary>
    internal static SshBlobStorage? Take(string url, string? sshOptions)
    {
        lock (Gate)
        {
            if (_opened is not var (key, storage) || key != Key(url, sshOptions)) return null;
            _opened = null;
            return storage;
        }
    }

    /// <summary>Closes the backend opened early if the command did not take it (a verb that failed before, another URL).</summary>
    public static async ValueTask CloseUnusedAsync()
    {
        SshBlobStorage? unused;
        lock (Gate)
        {
            unused = _opened?.Storage;
            _opened = null;
        }
        if (unused is not null) await unused.DisposeAsync();
    }

    private static string Key(string url, string? sshOptions) => url + "\0" + sshOptions;
}
