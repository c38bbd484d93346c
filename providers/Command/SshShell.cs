using System.Text;
using Infra.Providers.Processes;
using Infra.Providers.Ssh;

namespace Infra.Providers.Command;

/// <summary>
/// Runs scripts on a remote host over an existing <see cref="SshConnection"/>. Environment and script
/// travel on stdin (sshd rarely accepts client variables, and a command line is visible to ps there).
/// </summary>
public sealed class SshShell(SshConnection connection) : IHostShell
{
    public string Where => connection.Target.ToString();

    public Task<ProcessResult> RunAsync(string script, IReadOnlyDictionary<string, string> environment, string? directory, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in environment) text.Append("export ").Append(key).Append('=').Append(ShellQuote.Single(value)).Append('\n');
        if (directory is not null) text.Append("cd ").Append(ShellQuote.Single(directory)).Append(" || exit 1\n");
        // A group is parsed whole before it runs, and its stdin is not the rest of the script.
        text.Append("{\n").Append(script).Append("\n} </dev/null\n");
        return connection.RunAsync("sh -s", text.ToString(), ct);
    }
}
