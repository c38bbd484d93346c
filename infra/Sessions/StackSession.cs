using Infra.Engine;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.Secrets;
using Infra.Engine.State;
using Infra.Engine.Workspace;

namespace Infra.Cli.Sessions;

/// <summary>One stack opened for a command: its files, its state store and (on demand) its program and providers.</summary>
public sealed class StackSession : IAsyncDisposable
{
    private readonly CliEnvironment _env;
    private readonly List<IProvider> _providers = [];
    private readonly List<string> _warnings = [];

    private StackSession(CliEnvironment env, StackWorkspace workspace, StateStore store)
    {
        _env = env;
        Workspace = workspace;
        Store = store;
        Crypter = new LazyCrypter(workspace.Crypter);
    }

    public StackWorkspace Workspace { get; }
    public StateStore Store { get; }
    public ISecretsCrypter Crypter { get; }
    public SecretScrubber Scrubber { get; } = new();
    public string Project => Workspace.Project.Name;
    public string Stack => Workspace.Stack;

    /// <summary>Opens the stack; a stack with neither a stack file nor state is "not found" (exit 6).</summary>
    public static async Task<StackSession> OpenAsync(CliEnvironment env, string? stackOption, bool mayCreate, CancellationToken ct)
    {
        var project = ProjectFile.Find(env.WorkingDirectory);
        var stack = stackOption ?? DefaultStack(env, project);
        var store = new StateStore(BackendFactory.Create(env.Variables));
        var workspace = new StackWorkspace(project, stack, env.Variables);
        try
        {
            if (!mayCreate && !workspace.StackFileExists && !await store.ExistsAsync(project.Name, stack, ct))
                throw new CommandFailure(ExitCodes.StackNotFound, $"no stack named '{stack}' found (no {Path.GetFileName(workspace.StackFile.Path)} and no state in {store.Storage.Location})");
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        workspace.StartKeyDerivation();
        return new StackSession(env, workspace, store);
    }

    private static string DefaultStack(CliEnvironment env, ProjectFile project)
    {
        if (env.Variables("INFRA_STACK") is { Length: > 0 } fromEnv) return fromEnv;
        var files = Directory.GetFiles(project.Directory, "Pulumi.*.yaml").Select(Path.GetFileName).OfType<string>()
            .Select(f => f["Pulumi.".Length..^".yaml".Length]).ToList();
        return files.Count == 1 ? files[0]
            : throw new ConfigException($"no stack selected: pass -s/--stack (stacks here: {string.Join(", ", files)})");
    }

    public async Task<StackSnapshot> LoadStateAsync(CancellationToken ct)
    {
        var (snapshot, _) = await Store.LoadAsync(Project, Stack, () => Crypter, ct);
        foreach (var r in snapshot.Resources) { Scrubber.Learn(r.Inputs); Scrubber.Learn(r.Outputs); }
        return snapshot;
    }

    public Task SaveStateAsync(StackSnapshot snapshot, CancellationToken ct)
    {
        // Derive the key (creating the stack's salt if needed) before writing, so the state names the salt.
        if (snapshot.Resources.Concat(snapshot.PendingOperations.Select(p => p.Resource))
            .Any(r => Secret.ContainsSecret(r.Inputs) || Secret.ContainsSecret(r.Outputs))) Workspace.Crypter();
        return Store.SaveAsync(Project, Stack, snapshot, Workspace.EncryptionSalt, Crypter, ct);
    }

    /// <summary>Runs the program: the desired resources, and the providers they need.</summary>
    public (DesiredState Desired, ProviderRegistry Providers) BuildProgram(IStackProgram program)
    {
        var config = Workspace.OpenConfig();
        // A program that misplaces a configured secret is stopped by policy, but a report of it must still mask it.
        Scrubber.Learn(config.CopyValues());
        var context = Context = new StackContext(Project, Stack, config, Workspace.Project.Directory, Warn);
        var root = program.Build(context);
        var desired = ProgramRegistration.Register(root);
        foreach (var r in desired.Resources) Scrubber.Learn(r.Inputs);
        _providers.AddRange(program.CreateProviders(context));
        return (desired, new ProviderRegistry(_providers));
    }

    /// <summary>Policy violations of the program: one line each; the CLI refuses to go on when there are any.</summary>
    public static void EnforcePolicies(IStackProgram program, DesiredState desired)
    {
        var violations = program.CheckPolicies(desired);
        if (violations.Count > 0)
            throw new PolicyViolationException(violations);
    }

    /// <summary>Warns (once per provider) when a remote host does not answer; the plan is still made from program and state.</summary>
    public async Task WarnUnreachableAsync(CancellationToken ct)
    {
        foreach (var probe in _providers.OfType<IReachabilityProbe>())
            if (await probe.ProbeAsync(ct) is { } reason)
                Warn($"{reason}; previewing from the program and the saved state only");
    }

    /// <summary>The context the program was built with (set by <see cref="BuildProgram"/>).</summary>
    public StackContext? Context { get; private set; }

    public void Warn(string message)
    {
        var line = Scrubber.Scrub(message);
        lock (_warnings) _warnings.Add(line);
        _env.Error.WriteLine($"warning: {line}");
    }

    /// <summary>Every warning printed so far (for the diagnostics of <c>preview --json</c> and <c>--markdown</c>).</summary>
    public IReadOnlyList<string> Warnings
    {
        get { lock (_warnings) return [.. _warnings]; }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers)
            if (p is IAsyncDisposable d) await d.DisposeAsync();
            else if (p is IDisposable s) s.Dispose();
        await Store.DisposeAsync();
    }
}
