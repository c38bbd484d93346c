namespace Infra.Engine.Secrets;

/// <summary>
/// Where Pulumi looks for the passphrase: PULUMI_CONFIG_PASSPHRASE, then PULUMI_CONFIG_PASSPHRASE_FILE.
/// Each has an <c>INFRA_</c> twin that wins when both are set.
/// </summary>
public static class PassphraseSource
{
    public const string Variable = "PULUMI_CONFIG_PASSPHRASE";
    public const string FileVariable = "PULUMI_CONFIG_PASSPHRASE_FILE";
    public const string InfraVariable = "INFRA_CONFIG_PASSPHRASE";
    public const string InfraFileVariable = "INFRA_CONFIG_PASSPHRASE_FILE";
    /// <summary>The passphrase <c>stack change-secrets-provider passphrase</c> changes to (infra's variable, not one Pulumi reads).</summary>
    public const string NewVariable = "PULUMI_CONFIG_PASSPHRASE_NEW";
    public const string InfraNewVariable = "INFRA_CONFIG_PASSPHRASE_NEW";

    public static string? TryGet(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        // As Pulumi, an empty passphrase is a passphrase; an empty file variable names no file.
        if ((environment(InfraVariable) ?? environment(Variable)) is { } phrase) return phrase;
        foreach (var name in new[] { InfraFileVariable, FileVariable })
            if (environment(name) is { Length: > 0 } path) return ReadFile(name, path);
        return null;
    }

    private static string ReadFile(string variable, string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException e) { throw new ConfigException($"{variable}: cannot read {path}: {e.Message}"); }
        catch (UnauthorizedAccessException e) { throw new ConfigException($"{variable}: cannot read {path}: {e.Message}"); }
    }

    /// <summary>The new passphrase from the environment, <c>INFRA_</c> first; null when neither is set.</summary>
    public static (string Name, string Value)? TryGetNew(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        foreach (var name in new[] { InfraNewVariable, NewVariable })
            if (environment(name) is { } phrase) return (name, phrase);
        return null;
    }

    public static string Get(Func<string, string?>? environment = null) =>
        TryGet(environment) ?? throw new ConfigException(
            "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables");
}
