namespace Infra.Engine.Workspace;

/// <summary>
/// Stack names as a self-managed Pulumi backend takes them: <c>stack</c>, <c>project/stack</c> or
/// <c>organization/project/stack</c> (the organization of a file backend is the literal <c>organization</c>).
/// </summary>
public static class StackReference
{
    public const string Organization = "organization";

    /// <summary>The bare stack name; another project's stack, another organization or more parts is a config error (exit 2).</summary>
    public static string Parse(string text, string project)
    {
        var parts = text.Split('/');
        var (owner, stack) = parts.Length switch
        {
            1 => ((string?)null, parts[0]),
            2 => (parts[0], parts[1]),
            3 when parts[0] == Organization => (parts[1], parts[2]),
            3 => throw new ConfigException($"stack '{text}': this backend has one organization, spelled '{Organization}' (organization/{project}/<stack>)"),
            _ => throw new ConfigException($"stack '{text}': a stack is named <stack>, {project}/<stack> or organization/{project}/<stack>"),
        };
        if (owner is not null && owner != project)
            throw new ConfigException($"stack '{text}' belongs to project '{owner}', but this is project '{project}'");
        if (!StackName.IsValid(stack)) throw new ConfigException($"'{stack}' is not a valid stack name (letters, digits, '-', '_', '.')");
        return stack;
    }

    public static string Qualified(string project, string stack) => $"{Organization}/{project}/{stack}";
}
