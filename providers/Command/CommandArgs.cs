using Infra.Engine.Model;

namespace Infra.Providers.Command;

/// <summary>
/// Arguments of <c>command:Local</c> and <c>command:Remote</c>: shell scripts run on create, update and
/// delete. A changed <see cref="Create"/>, <see cref="Dir"/> or trigger runs the command again as a
/// replacement; other changes run <see cref="Update"/> (or <see cref="Create"/> when there is none).
/// </summary>
public sealed record CommandArgs
{
    public required string Create { get; init; }
    public string? Update { get; init; }
    public string? Delete { get; init; }
    /// <summary>Environment for the scripts; values may be secrets (then stdout and stderr are secret too).</summary>
    public IReadOnlyDictionary<string, Input<string>>? Environment { get; init; }
    /// <summary>Any change to these values re-runs the command (e.g. a config file's hash).</summary>
    public IReadOnlyList<Input<string>>? Triggers { get; init; }
    /// <summary>Working directory of the scripts.</summary>
    public string? Dir { get; init; }
}

/// <summary>A command run on this machine.</summary>
public sealed class Local(string name, CommandArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<CommandArgs>(CommandProvider.LocalType, name, args, parent, options)
{
    public OutputRef<string> Stdout => Output<string>("stdout");
    public OutputRef<string> Stderr => Output<string>("stderr");
}

/// <summary>
/// A command run on the Docker host: over the run's one SSH connection when the host is ssh://,
/// on this machine when it is unix://.
/// </summary>
public sealed class Remote(string name, CommandArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<CommandArgs>(CommandProvider.RemoteType, name, args, parent, options)
{
    public OutputRef<string> Stdout => Output<string>("stdout");
    public OutputRef<string> Stderr => Output<string>("stderr");
}
