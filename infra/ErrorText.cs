using Infra.Engine;

namespace Infra.Cli;

/// <summary>The one line a user reads for an error: the engine's own message, never an exception class name.</summary>
public static class ErrorText
{
    public static string Of(Exception e) => e switch
    {
        EngineException => e.Message,
        AggregateException { InnerExceptions.Count: 1 } a => Of(a.InnerExceptions[0]),
        _ => e.Message,
    };
}
