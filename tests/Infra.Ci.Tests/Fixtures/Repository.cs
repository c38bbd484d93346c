namespace Infra.Ci.Tests.Fixtures;

/// <summary>The repository these tests belong to (found from the test assembly upwards).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }
}
