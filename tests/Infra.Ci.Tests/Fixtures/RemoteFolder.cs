namespace Infra.Ci.Tests.Fixtures;

/// <summary>
/// A fresh folder for one test's state "on the remote host": the test sshd runs on this machine, so the
/// test can look at the files directly. Removed afterwards.
/// </summary>
public sealed class RemoteFolder : IDisposable
{
    private const string Parent = "/tmp/infra-ci-tests";

    public RemoteFolder()
    {
        Directory.CreateDirectory(Parent);
        Path = System.IO.Path.Combine(Parent, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Not created: the backend must create it.</summary>
    public string Path { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>A folder owned by root that other users may read but not write.</summary>
    public string ReadOnlyForOthers(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        System.IO.File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
