namespace Infra.Ci.Tests.Fixtures;

/// <summary>A project folder (<c>Pulumi.yaml</c> named <c>proj</c>, an empty <c>Pulumi.dev.yaml</c>) and a local file backend beside it.</summary>
public sealed class ProjectFolder : IDisposable
{
    public const string Passphrase = "ci test passphrase";

    public ProjectFolder()
    {
        Root = Directory.CreateTempSubdirectory("infra-ci-").FullName;
        Directory.CreateDirectory(ProjectDir);
        File.WriteAllText(Path.Combine(ProjectDir, "Pulumi.yaml"), "name: proj\n");
        File.WriteAllText(Path.Combine(ProjectDir, "Pulumi.dev.yaml"), "");
        Cli = new CliRun(ProjectDir);
        Cli.Env["INFRA_BACKEND_URL"] = "file://" + BackendDir;
        Cli.Env["PULUMI_CONFIG_PASSPHRASE"] = Passphrase;
    }

    public string Root { get; }
    public string ProjectDir => Path.Combine(Root, "project");
    public string BackendDir => Path.Combine(Root, "backend");
    public CliRun Cli { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
