using System.Text.Json.Nodes;

namespace Infra.Cli.Tests.Support;

/// <summary>
/// One malformed input of the corpus: how it breaks the project, stack file, state, environment or flags; the verb it
/// runs; the exit code Pulumi would give; and a pattern the single error line must match (the file, key or host it names).
/// </summary>
public sealed record CorpusCase(string Name, string Class, int Exit, string Names, string[] Args)
{
    public Action<CorpusEdit> Break { get; init; } = _ => { };
    /// <summary>Run the built infra as a child process (a flag the parser itself must refuse, an abort to rule out).</summary>
    public bool Process { get; init; }

    public override string ToString() => Name;
}

/// <summary>What a case may break; everything is put back after it.</summary>
public sealed class CorpusEdit(CorpusStack stack)
{
    public CorpusStack Stack => stack;
    public Dictionary<string, string> Env => stack.Harness.Env;
    public string BackendDir => stack.Harness.BackendDir;
    public string ProjectDir => stack.Harness.ProjectDir;

    public void StackFile(Func<string, string> edit) => File.WriteAllText(stack.StackFile, edit(File.ReadAllText(stack.StackFile)));

    /// <summary>Adds lines under <c>config:</c> (the last section of the stack file), indented by two spaces.</summary>
    public void Config(params string[] lines) => File.AppendAllLines(stack.StackFile, lines.Select(l => "  " + l));

    public void ProjectFile(Func<string, string> edit) => File.WriteAllText(stack.ProjectFile, edit(File.ReadAllText(stack.ProjectFile)));

    public void State(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(stack.StatePath))!.AsObject();
        edit(root);
        File.WriteAllText(stack.StatePath, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public JsonArray StateResources(JsonObject root) => root["checkpoint"]!["latest"]!["resources"]!.AsArray();

    /// <summary>The <c>secure:</c> ciphertext of groqApiKey as the stack file has it (valid under the stack's key).</summary>
    public string GroqCiphertext()
    {
        var line = File.ReadAllLines(stack.StackFile).SkipWhile(l => !l.Contains("groqApiKey:", StringComparison.Ordinal)).Skip(1).First();
        return line.Trim()["secure: ".Length..];
    }

    /// <summary>Another stack of the project with the same stack file (and no state) whose docker host is <paramref name="host"/>.</summary>
    public void OtherStack(string name, Func<string, string> edit) =>
        File.WriteAllText(Path.Combine(ProjectDir, $"Pulumi.{name}.yaml"), edit(File.ReadAllText(stack.StackFile)));

    public string Temp(string name, string content)
    {
        var path = Path.Combine(stack.Harness.Root, name);
        File.WriteAllText(path, content);
        return path;
    }
}
