using System.Text.Json.Nodes;

namespace Infra.Engine.Properties;

public enum ChangeKind { Add, Delete, Update }

/// <summary>One changed leaf or subtree, with a dotted path such as <c>env.PGDATA</c> or <c>ports[0]</c>.</summary>
public sealed record PropertyChange(string Path, ChangeKind Kind, JsonNode? Old, JsonNode? New)
{
    public string TopLevelKey => Path.Split('.', '[')[0];
}
