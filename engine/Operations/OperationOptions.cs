using Infra.Engine.Planning;

namespace Infra.Engine.Operations;

/// <summary>
/// Asks the user whether to go on with a plan (Pulumi's "Do you want to perform this update?").
/// Returns false to stop with nothing changed.
/// </summary>
public delegate bool PlanApproval(Plan plan);

/// <param name="ReportViolations">Plan even when the program breaks a policy, and report the violations
/// (for <c>--json</c> and <c>--markdown</c>); otherwise they stop the run before anything is read.</param>
/// <param name="Targets"><c>--target</c>, <c>--exclude</c>, <c>--replace</c> and their kin; null for the whole stack.</param>
public sealed record PreviewOptions(int Parallel, bool Refresh = false, bool ReportViolations = false, TargetOptions? Targets = null);

/// <param name="Refresh">Refresh the state first (<c>--refresh</c>, or <c>options.refresh: always</c>).</param>
/// <param name="Cancel">Stops starting new steps (Ctrl-C); running ones finish and the state is saved.</param>
/// <param name="Targets"><c>--target</c>, <c>--exclude</c>, <c>--replace</c> and their kin; null for the whole stack.</param>
public sealed record UpOptions(int Parallel, PlanApproval Approve, bool Refresh = false, CancellationToken Cancel = default, TargetOptions? Targets = null);

/// <param name="PreviewOnly">Show the drift, record nothing, take no lock.</param>
/// <param name="Targets">Read only these (<c>--target</c>, <c>--exclude</c>); null for the whole stack.</param>
public sealed record RefreshOptions(int Parallel, PlanApproval Approve, bool PreviewOnly = false, bool ClearPendingCreates = false, TargetOptions? Targets = null);

/// <param name="IncludeRetained">Also delete retained resources (data volumes and the secrets that open them).</param>
/// <param name="Targets">Delete only these (<c>--target</c>, <c>--exclude</c>); null for the whole stack.</param>
public sealed record DestroyOptions(int Parallel, PlanApproval Approve, bool PreviewOnly = false, bool IncludeRetained = false, CancellationToken Cancel = default,
    TargetOptions? Targets = null);
