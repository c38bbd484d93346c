using Infra.Engine;

namespace Infra.Cli.Sessions;

/// <summary>
/// The environment variables Pulumi's CLI reads, each with an <c>INFRA_</c> twin that wins when both are set
/// (<c>INFRA_STACK</c> over <c>PULUMI_STACK</c>). A value that cannot mean anything is an error, never ignored.
/// </summary>
public static class PulumiVariables
{
    public const string BackendUrl = "BACKEND_URL";
    public const string Stack = "STACK";
    public const string SkipConfirmations = "SKIP_CONFIRMATIONS";
    public const string Parallel = "PARALLEL";
    public const string AccessToken = "PULUMI_ACCESS_TOKEN";

    /// <summary>The first non-empty of <c>INFRA_&lt;suffix&gt;</c> and <c>PULUMI_&lt;suffix&gt;</c>, with the name it came from.</summary>
    public static (string Name, string Value)? Read(Func<string, string?> environment, string suffix)
    {
        foreach (var name in new[] { "INFRA_" + suffix, "PULUMI_" + suffix })
            if (environment(name) is { Length: > 0 } value) return (name, value);
        return null;
    }

    /// <summary>Pulumi's boolean variables: true/1/yes or false/0/no (any case); anything else is exit 2.</summary>
    public static bool Flag(Func<string, string?> environment, string suffix)
    {
        if (Read(environment, suffix) is not var (name, value)) return false;
        return value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ConfigException($"{name}: '{value}' is not a boolean (use true or false)"),
        };
    }

    /// <summary><c>INFRA_PARALLEL</c> / <c>PULUMI_PARALLEL</c>, else Pulumi's default of 4 × cores.</summary>
    public static int DefaultParallel(Func<string, string?> environment)
    {
        if (Read(environment, Parallel) is not var (name, value)) return 4 * Environment.ProcessorCount;
        return int.TryParse(value, out var p) && p > 0 ? p
            : throw new ConfigException($"{name}: '{value}' is not a positive whole number");
    }
}
