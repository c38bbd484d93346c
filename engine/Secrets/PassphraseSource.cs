namespace Infra.Engine.Secrets;

/// <summary>Where Pulumi looks for the passphrase: PULUMI_CONFIG_PASSPHRASE, then PULUMI_CONFIG_PASSPHRASE_FILE.</summary>
public static class PassphraseSource
{
    public const string Variable = "PULUMI_CONFIG_PASSPHRASE";
    public const string FileVariable = "PULUMI_CONFIG_PASSPHRASE_FILE";

    public static string? TryGet(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(Variable) is { } phrase) return phrase;
        if (environment(FileVariable) is { Length: > 0 } path)
        {
            try { return File.ReadAllText(path).Trim(); }
            catch (IOException e) { throw new ConfigException($"{FileVariable}: cannot read {path}: {e.Message}"); }
            catch (UnauthorizedAccessException e) { throw new ConfigException($"{FileVariable}: cannot read {path}: {e.Message}"); }
        }
        return null;
    }

    public static string Get(Func<string, string?>? environment = null) =>
        TryGet(environment) ?? throw new ConfigException(
            "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables");
}
