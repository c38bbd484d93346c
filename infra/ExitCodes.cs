namespace Infra.Cli;

/// <summary>Pulumi's exit codes (v3.226 and later).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int BadConfiguration = 2;
    public const int StackNotFound = 6;
    public const int ChangesDetected = 7;
    public const int Cancelled = 8;
    public const int Internal = 255;
}
