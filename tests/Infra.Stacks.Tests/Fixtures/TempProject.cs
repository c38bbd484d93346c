namespace Infra.Stacks.Tests.Fixtures;

/// <summary>A throwaway project directory holding a copy of the repository's configs/, deleted on dispose.</summary>
public sealed class TempProject : IDisposable
{
    private TempProject(string directory) => Directory = directory;

    public string Directory { get; }

    public static TempProject CopyOfRepo()
    {
        var dir = Path.Combine(Path.GetTempPath(), "infra-stacks-tests-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(StackBuild.RepoRoot, "configs");
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, "configs", Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return new TempProject(dir);
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public void Write(string relative, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
    }

    public void Append(string relative, string text) => File.AppendAllText(PathOf(relative), text);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
