namespace Infra.Engine.Operations;

/// <summary>The kinds of operation a stack's history records (Pulumi's UpdateKind, plus the state verbs).</summary>
public static class HistoryKind
{
    public const string Update = "update";
    public const string Refresh = "refresh";
    public const string Destroy = "destroy";
    public const string Import = "import";
    public const string StateDelete = "state delete";
    public const string StateUnprotect = "state unprotect";
    public const string StateRename = "state rename";
    public const string StateTaint = "state taint";
    public const string StateUntaint = "state untaint";
    public const string StateRepair = "state repair";
}
