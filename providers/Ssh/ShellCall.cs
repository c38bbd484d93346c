namespace Infra.Providers.Ssh;

/// <summary>One script for <see cref="RemoteShell"/>: its text, its $1… and its stdin (null: none).</summary>
public sealed record ShellCall(string Script, IReadOnlyList<string> Arguments, string? Stdin);
