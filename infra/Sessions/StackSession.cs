using Infra.Cli.Composition;
using Infra.Engine;
using Infra.Engine.Config;
using Infra.Engine.Model;
using Infra.Engine.Operations;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.Secrets;
using Infra.Engine.Secrets.Rotation;
using Infra.Engine.State;
using Infra.Engine.Workspace;

namespace Infra.Cli.Sessions;

/// <summary>One stack opened for a command: its files, its state (as the engine reads and writes it) and (on demand) its program's context and providers.</summary>
public sealed class StackSession : IStackState, IAsyncDisposable
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>How long since the command opened the stack: Pulumi's closing "Duration".</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    private readonly CliEnvironment _env;
    private readonly List<IProvider> _providers = [];
    private readonly List<string> _warnings = [];
    private ProviderSet? _providerSet;

    private StackSession(CliEnvironment env, StackWorkspace workspace, StateStore store)
    {
        _env = env;
        Workspace = workspace;
        Store = store;
        Crypter = new CachingCrypter(new LazyCrypter(workspace.Crypter));
    }

    public StackWorkspace Workspace { get; }
    public StateStore Store { get; }
    public ISecretsCrypter Crypter { get; }
    public SecretScrubber Scrubber { get; } = new();
    public string Project => Workspace.Project.Name;
    public string Stack => Workspace.Stack;

    /// <summary>
    /// Opens the stack; a stack with neither a stack file nor state is "not found" (exit 6). A change of passphrase a
    /// killed run left unfinished is finished or undone first (<paramref name="recover"/>: all but <c>cancel</c>, which
    /// must be able to remove the lock of a run that hangs).
    /// </summary>
    /// <param name="recoverBeforeStateUse">
    /// For the verbs that run the program: the check for an unfinished change waits for the session's first use of the
    /// state, so that the program is evaluated meanwhile. Taking the lock checks under it (in the same round trip as the
    /// lock, over ssh://); a read without the lock checks first. A recovery never rewrites the stack file, so the
    /// program's configuration stays right; a stack file another run changed meanwhile stops the command.
    /// </param>
    public static async Task<StackSession> OpenAsync(CliEnvironment env, string? stackOption, bool mayCreate, CancellationToken ct, bool recover = true,
        bool recoverBeforeStateUse = false)
    {
        var project = ProjectFile.Find(env.WorkingDirectory);
        var stack = ResolveStack(env, project, stackOption);
        var store = BackendFactory.Store(env.Variables, project.BackendUrl);
        var workspace = new StackWorkspace(project, stack, env.Variables);
        try
        {
            // First: the derivation is the slowest step of opening a stack; everything below (the backend's first
            // read and, over ssh://, its login) overlaps it.
            workspace.StartKeyDerivation();
            if (!mayCreate && !workspace.StackFileExists && !await store.ExistsAsync(project.Name, stack, ct))
                throw new CommandFailure(ExitCodes.StackNotFound, $"no stack named '{stack}' found (no {Path.GetFileName(workspace.StackFile.Path)} and no state in {store.Storage.Location})");
            if (recover && !recoverBeforeStateUse && await RecoverRotationAsync(env, store, project, stack, ct))
            {
                workspace = new StackWorkspace(project, stack, env.Variables);
                workspace.StartKeyDerivation();
            }
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return new StackSession(env, workspace, store) { _recovered = recover && recoverBeforeStateUse ? null : Task.CompletedTask };
    }

    /// <summary>The check for an unfinished change of passphrase (and its recovery), once started; null before.</summary>
    private Task? _recovered;
    private readonly object _recoveryGate = new();

    /// <summary>Checks without the lock (taking it only to recover), unless a check has started: for reads without the lock.</summary>
    private Task RecoveredAsync(CancellationToken ct)
    {
        lock (_recoveryGate) _recovered ??= RecoverBeforeStateUseAsync(ct);
        return _recovered.WaitAsync(ct);
    }

    private async Task RecoverBeforeStateUseAsync(CancellationToken ct)
    {
        await Task.Yield();
        if (await RecoverRotationAsync(_env, Store, Workspace.Project, Stack, ct)) RequireSameSalt();
    }

    private void RequireSameSalt()
    {
        var salt = StackConfigFile.LoadOrEmpty(Workspace.StackFile.Path).EncryptionSalt;
        if (salt != Workspace.EncryptionSalt)
            throw new ConfigException($"{Workspace.StackFile.Path}: encryptionsalt: changed by a change of passphrase that finished while this command started; run it again");
    }

    /// <summary>Finishes or undoes an interrupted change of passphrase under the stack's lock; true when there was one.</summary>
    private static async Task<bool> RecoverRotationAsync(CliEnvironment env, StateStore store, ProjectFile project, string stack, CancellationToken ct)
    {
        var recovery = Recovery(env, store, project, stack);
        if (!await recovery.PendingAsync(ct)) return false;
        await using (await store.LockAsync(project.Name, stack, "infra (finishing an interrupted change of passphrase)", line => Warn(env, line), ct))
            ReportRecovery(env, stack, await recovery.RunAsync(ct));
        return true;
    }

    private static RotationRecovery Recovery(CliEnvironment env, StateStore store, ProjectFile project, string stack) =>
        new(store.Storage, project.Name, stack, project.StackFilePath(stack), TestPausePoint.From(env.Variables));

    private static void Warn(CliEnvironment env, string line) => env.Error.WriteLine($"warning: {line}");

    private static void ReportRecovery(CliEnvironment env, string stack, RecoveryOutcome outcome)
    {
        if (outcome == RecoveryOutcome.Finished)
            Warn(env, $"finished the change of passphrase of stack '{stack}' that was interrupted: the new passphrase opens its stack file and state");
        else if (outcome == RecoveryOutcome.Undone)
            Warn(env, $"undid the change of passphrase of stack '{stack}' that was interrupted: the old passphrase still opens its stack file and state");
    }

    /// <summary>
    /// The stack a command works on: <c>-s</c>, else <c>INFRA_STACK</c>/<c>PULUMI_STACK</c>, else the one
    /// <c>infra stack select</c> chose, else the only <c>Pulumi.*.yaml</c> present.
    /// </summary>
    public static string ResolveStack(CliEnvironment env, ProjectFile project, string? stackOption) =>
        CurrentStack(env, project, stackOption) ?? throw new ConfigException(
            $"no stack selected: pass -s/--stack or run `infra stack select <stack>` (stacks here: {string.Join(", ", project.StacksWithFiles())})");

    /// <summary>As <see cref="ResolveStack"/>, null when nothing names one.</summary>
    public static string? CurrentStack(CliEnvironment env, ProjectFile project, string? stackOption)
    {
        if (stackOption is not null) return StackReference.Parse(stackOption, project.Name);
        if (PulumiVariables.Read(env.Variables, PulumiVariables.Stack) is var (_, fromEnv)) return StackReference.Parse(fromEnv, project.Name);
        if (Selection(env, project).Read() is { } selected) return selected;
        var files = project.StacksWithFiles();
        return files.Count == 1 ? files[0] : null;
    }

    public static StackSelection Selection(CliEnvironment env, ProjectFile project) => new(project, env.Home);

    public string Location => Store.Storage.Location;

    /// <summary>
    /// Takes the stack's lock, reading in the same call what an operation reads first under it (its state, its history's
    /// index and, when this session has not checked yet, the mark of an unfinished change of passphrase, recovered here).
    /// </summary>
    public async Task<IAsyncDisposable> LockAsync(string operation, CancellationToken ct)
    {
        TaskCompletionSource? check = null;
        lock (_recoveryGate)
            if (_recovered is null)
            {
                check = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _recovered = check.Task;
            }
        if (check is null) await _recovered.WaitAsync(ct);
        var readNext = new List<string> { StateStore.StatePath(Project, Stack), History().IndexPath };
        if (check is not null) readNext.Add(RotationMarker.PathOf(Project, Stack));
        IAsyncDisposable? held = null;
        try
        {
            held = await Store.LockAsync(Project, Stack, operation, Warn, ct, readNext);
            if (check is null) return held;
            var outcome = await Recovery(_env, Store, Workspace.Project, Stack).RunAsync(ct);
            ReportRecovery(_env, Stack, outcome);
            if (outcome != RecoveryOutcome.None) RequireSameSalt();
            check.SetResult();
            return held;
        }
        catch (Exception e) when (check is not null)
        {
            check.SetException(e);
            if (held is not null) await held.DisposeAsync();
            throw;
        }
    }

    public Task<StackSnapshot> LoadAsync(CancellationToken ct) => LoadAsync(ct, keepForNextRead: false);

    public Task<StackSnapshot> PeekAsync(CancellationToken ct) => LoadAsync(ct, keepForNextRead: true);

    private async Task<StackSnapshot> LoadAsync(CancellationToken ct, bool keepForNextRead)
    {
        await RecoveredAsync(ct);
        var (snapshot, _) = await Store.LoadAsync(Project, Stack, () => Crypter, ct, keepForNextRead);
        foreach (var r in snapshot.Resources) { Scrubber.Learn(r.Inputs); Scrubber.Learn(r.Outputs); }
        return snapshot;
    }

    public Task SaveAsync(StackSnapshot snapshot, CancellationToken ct)
    {
        // Derive the key (creating the stack's salt if needed) before writing, so the state names the salt.
        if (snapshot.Resources.Concat(snapshot.PendingOperations.Select(p => p.Resource))
            .Any(r => Secret.ContainsSecret(r.Inputs) || Secret.ContainsSecret(r.Outputs))) Workspace.Crypter();
        return Store.SaveAsync(Project, Stack, snapshot, Workspace.EncryptionSalt, Crypter, ct);
    }

    public async Task<IHistoryRecord> BeginHistoryAsync(string kind, CancellationToken ct)
    {
        // Called under the lock, after the operation loaded the state: the checkpoint it loaded.
        var current = await Store.ReadCurrentAsync(Project, Stack, ct)
            ?? CheckpointSerializer.Write(Project, Stack, StackSnapshot.Empty, Workspace.EncryptionSalt, null);
        return new StoredHistoryRecord(History(), kind, current);
    }

    /// <summary>The stack's history, bounded by <c>INFRA_HISTORY_LIMIT</c> (default 25 operations).</summary>
    public StackHistory History()
    {
        var limit = StackHistory.DefaultLimit;
        if (_env.Variables(HistoryLimitVariable) is { Length: > 0 } text && (!int.TryParse(text, out limit) || limit < 1))
            throw new ConfigException($"{HistoryLimitVariable}: '{text}' is not a number of operations (1 or more)");
        return new StackHistory(Store.Storage, Project, Stack, limit);
    }

    public const string HistoryLimitVariable = "INFRA_HISTORY_LIMIT";

    /// <summary>The engine's state verbs (<c>stack import</c>, <c>state …</c>): no program, no provider.</summary>
    public StackOperations StateOperations() => new(this, new ProviderRegistry([]), NullOperationObserver.Instance);

    /// <summary>The program with the context it runs in: the stack's config, opened (and learnt by the scrubber).</summary>
    public ProgramInput Program(IStackProgram program)
    {
        if (Context is not null) return new ProgramInput(program, Context);
        var config = Workspace.OpenConfig().WithProjectConfig(Workspace.Project.Config, Stack).ForProgram(Project, Warn);
        // A program that misplaces a configured secret is stopped by policy, but a report of it must still mask it.
        Scrubber.Learn(config.CopyValues());
        Context = new StackContext(Project, Stack, config, Workspace.Project.Directory, Warn);
        return new ProgramInput(program, Context);
    }

    /// <summary>The providers the program's resources need, made once from the stack's config; disposed with the session.</summary>
    public ProviderSet Providers(StackComposition composition)
    {
        if (_providerSet is not null) return _providerSet;
        _providerSet = composition.CreateProviders(Program(composition.Program).Context);
        _providers.AddRange(_providerSet.Providers);
        return _providerSet;
    }

    /// <summary>The engine's verbs on this stack, reporting to <paramref name="observer"/>.</summary>
    public StackOperations Operations(StackComposition composition, IOperationObserver observer) =>
        new(this, new ProviderRegistry(Providers(composition).Providers), observer);

    /// <summary>Runs the program outside any operation (verify): the desired resources.</summary>
    public DesiredState Evaluate(IStackProgram program)
    {
        var input = Program(program);
        var desired = ProgramRegistration.Register(program.Build(input.Context));
        foreach (var r in desired.Resources) Scrubber.Learn(r.Inputs);
        return desired;
    }

    /// <summary>The context the program was built with (set by <see cref="Program"/>).</summary>
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
        try { if (_recovered is { } recovered) await recovered; }
        catch (Exception) { /* reported by the state operation that awaited it */ }
        foreach (var p in _providers)
            if (p is IAsyncDisposable d) await d.DisposeAsync();
            else if (p is IDisposable s) s.Dispose();
        if (_providerSet?.Docker is { } docker) await docker.DisposeAsync();
        await Store.DisposeAsync();
    }
}
