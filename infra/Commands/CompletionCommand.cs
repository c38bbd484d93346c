using System.CommandLine;

namespace Infra.Cli.Commands;

/// <summary>
/// <c>infra completion bash</c>: prints a bash completion script that asks <c>infra</c> itself what may come next
/// (System.CommandLine's <c>[suggest]</c> directive), so verbs, flags and stack names complete as the CLI parses them.
/// </summary>
public static class CompletionCommand
{
    private const string Bash = """
        # bash completion for infra (from `infra completion bash`)
        _infra_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(infra "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _infra_complete infra
        """;

    public static Command Create(CliEnvironment env)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash" };
        shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", "Print the shell completion script (install: infra completion bash > /etc/bash_completion.d/infra)") { shell };
        command.SetAction(_ =>
        {
            env.Out.WriteLine(Bash);
            return ExitCodes.Ok;
        });
        return command;
    }
}
