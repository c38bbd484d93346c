namespace Infra.Engine.Model;

/// <summary>
/// The root of a program: top-level resources are its children, and its outputs are the stack outputs
/// (<c>infra stack output</c>). Like Pulumi's stack resource it is left out of children's URN type chains.
/// </summary>
public sealed class StackRoot : ComponentResource
{
    public const string TypeToken = "infra:infra:Stack";

    public StackRoot(string project, string stack) : base(TypeToken, $"{project}-{stack}")
    {
        Project = project;
        Stack = stack;
    }

    public string Project { get; }
    public string Stack { get; }

    public void Export(string key, object? value) => RegisterOutput(key, value);
}
