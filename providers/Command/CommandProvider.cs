using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Providers.Docker;

namespace Infra.Providers.Command;

/// <summary>
/// The <c>command</c> package: scripts on this machine (<c>command:Local</c>) or on the host that
/// <paramref name="remoteHost"/> opens (<c>command:Remote</c>), and the <c>command:HostPreflight</c> checks.
/// </summary>
public sealed class CommandProvider(IHostShellFactory remoteHost, HostPreflightCheck preflight) : IProvider, IResourceTypes
{
    public const string LocalType = "command:Local";
    public const string RemoteType = "command:Remote";
    private static readonly HashSet<string> ReplaceKeys = ["create", "triggers", "dir"];

    public string Package => "command";

    public bool Handles(string type) => type is LocalType or RemoteType || type == HostPreflightCheck.TypeToken;

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        if (request.Type == HostPreflightCheck.TypeToken) return Task.FromResult(HostPreflightCheck.Check(request));
        if (request.Type is not (LocalType or RemoteType))
            return Task.FromResult(new CheckResult(request.News, null, [$"unknown resource type {request.Type}"]));
        if (!DeclaredInputs.TryRead<CommandArgs>(request.News, out var args, out var error)) return Task.FromResult(new CheckResult(request.News, null, [error]));
        return Task.FromResult(string.IsNullOrWhiteSpace(args!.Create)
            ? new CheckResult(request.News, null, ["create (the script to run) is required"])
            : new CheckResult(request.News));
    }

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken)
    {
        var changed = PropertyDiff.ChangedKeys(request.OldInputs, request.NewInputs);
        var replace = request.Type == HostPreflightCheck.TypeToken ? [] : changed.Where(ReplaceKeys.Contains).ToList();
        return Task.FromResult(new DiffResult(changed, replace));
    }

    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(async () =>
        {
            if (request.Type == HostPreflightCheck.TypeToken)
                return new CreateResult(Guid.NewGuid().ToString("N"), await preflight.RunAsync(request.Urn, request.Inputs, request.Progress, cancellationToken));
            var args = DeclaredInputs.Read<CommandArgs>(request.Inputs);
            var outputs = await RunAsync(request.Type, args.Create, args, request.Inputs, cancellationToken);
            return new CreateResult(Guid.NewGuid().ToString("N"), outputs);
        }, request.Inputs);

    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ReadResult(request.Id, request.Inputs, request.Outputs));

    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(async () =>
        {
            if (request.Type == HostPreflightCheck.TypeToken)
                return new UpdateResult(await preflight.RunAsync(request.Urn, request.NewInputs, request.Progress, cancellationToken));
            var args = DeclaredInputs.Read<CommandArgs>(request.NewInputs);
            return new UpdateResult(await RunAsync(request.Type, args.Update ?? args.Create, args, request.NewInputs, cancellationToken));
        }, request.NewInputs, request.OldInputs);

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        SecretRedaction.GuardAsync(async () =>
        {
            if (request.Type == HostPreflightCheck.TypeToken) return true;
            var args = DeclaredInputs.Read<CommandArgs>(request.Inputs);
            if (args.Delete is not null) await RunAsync(request.Type, args.Delete, args, request.Inputs, cancellationToken);
            return true;
        }, request.Inputs);

    private async Task<JsonObject> RunAsync(string type, string script, CommandArgs args, JsonObject inputs, CancellationToken ct)
    {
        var shell = type == LocalType ? LocalShell.Instance : await remoteHost.OpenAsync(ct);
        var environment = (args.Environment ?? new Dictionary<string, Engine.Model.Input<string>>()).ToDictionary(kv => kv.Key, kv => kv.Value.Value);
        var result = await shell.RunAsync(script, environment, args.Dir, ct);
        if (!result.Succeeded)
            throw new CommandFailedException($"command on {shell.Where} exited with code {result.ExitCode}: {Tail(result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout)}");
        var secret = Secret.ContainsSecret(inputs);
        return new JsonObject
        {
            ["stdout"] = Wrap(result.Stdout.TrimEnd('\n'), secret),
            ["stderr"] = Wrap(result.Stderr.TrimEnd('\n'), secret),
        };
    }

    private static JsonNode Wrap(string text, bool secret) => secret ? Secret.Wrap(JsonValue.Create(text)) : JsonValue.Create(text);

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(5));
    }
}
