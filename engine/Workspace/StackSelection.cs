using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Engine.Config;

namespace Infra.Engine.Workspace;

/// <summary>
/// The stack <c>infra stack select</c> chose for a project, kept where Pulumi keeps its own: outside the project,
/// in <c>~/.infra/workspaces/&lt;project&gt;-&lt;sha1 of Pulumi.yaml's path&gt;-workspace.json</c> as
/// <c>{"stack": "organization/&lt;project&gt;/&lt;stack&gt;"}</c>, so each checkout remembers its own.
/// </summary>
public sealed class StackSelection(ProjectFile project, string home)
{
    public string Path => System.IO.Path.Combine(home, ".infra", "workspaces",
        $"{project.Name}-{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(project.Path)))}-workspace.json");

    /// <summary>The selected stack, or null when none is.</summary>
    public string? Read()
    {
        if (!File.Exists(Path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path))?["stack"]?.GetValue<string>() is { Length: > 0 } stack
                ? StackReference.Parse(stack, project.Name) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ConfigException($"{Path}: not a workspace file ({e.Message}); delete it and run `infra stack select`");
        }
    }

    public void Write(string stack)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, new JsonObject { ["stack"] = StackReference.Qualified(project.Name, stack) }.ToJsonString() + "\n");
        File.Move(temp, Path, overwrite: true);
    }

    public void Clear() => File.Delete(Path);
}
