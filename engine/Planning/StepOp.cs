namespace Infra.Engine.Planning;

public enum StepOp { Same, Create, Update, Replace, Delete }

public static class StepOpSymbols
{
    public static string Symbol(this StepOp op) => op switch
    {
        StepOp.Same => " ",
        StepOp.Create => "+",
        StepOp.Update => "~",
        StepOp.Replace => "+-",
        StepOp.Delete => "-",
        _ => "?",
    };

    public static string Verb(this StepOp op) => op switch
    {
        StepOp.Same => "same",
        StepOp.Create => "create",
        StepOp.Update => "update",
        StepOp.Replace => "replace",
        StepOp.Delete => "delete",
        _ => op.ToString().ToLowerInvariant(),
    };
}
