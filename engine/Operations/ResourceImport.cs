using System.Text.Json.Nodes;
using Infra.Engine.Planning;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Engine.State;

namespace Infra.Engine.Operations;

/// <summary>What <c>infra import TYPE NAME ID</c> adopts: the program's resource of that type and name, as the live object ID.</summary>
public sealed record ResourceImportRequest(string Type, string Name, string Id, bool Protect = false);

/// <summary>
/// Pulumi's <c>import</c> for a resource the program already declares: reads the live object through its provider,
/// refuses when it does not match the declaration in a way the next <c>up</c> would have to replace (printing the
/// differences), and otherwise records it in the state, so the next <c>up</c> manages it instead of creating it.
/// Ownership is recorded in the state: nothing on the host is changed (Docker cannot relabel or rename a volume).
/// </summary>
public sealed class ResourceImport(ProviderRegistry providers)
{
    /// <summary>Several imports as one edit: each sees the ones before it (a resource may refer to an earlier one).</summary>
    public async Task<StateEdit> EditAsync(DesiredState desired, StackSnapshot current, IReadOnlyList<ResourceImportRequest> requests, CancellationToken ct)
    {
        var (snapshot, lines) = (current, new List<string>());
        foreach (var request in requests)
        {
            var one = await EditAsync(desired, snapshot, request, ct);
            (snapshot, lines) = (one.Snapshot, [.. lines, .. one.Changes]);
        }
        return new StateEdit(snapshot, lines, ResourceChanges.Between(current, snapshot));
    }

    public async Task<StateEdit> EditAsync(DesiredState desired, StackSnapshot current, ResourceImportRequest request, CancellationToken ct)
    {
        var d = Declared(desired, request);
        if (current.Resources.Any(r => r.Urn == d.Urn && !r.Delete))
            throw new ImportRefusedException($"{d.Type} '{d.Name}' is already in the stack's state ({d.Urn}); nothing to import");
        var outputs = current.Resources.Where(r => !r.Delete).GroupBy(r => r.Urn).ToDictionary(g => g.Key, g => g.Last().Outputs);
        var resolved = (JsonObject)Reference.Resolve(d.Inputs, (urn, key) => outputs.TryGetValue(urn, out var o) ? o[key] : null)!;
        if (Unknown.ContainsUnknown(resolved))
            throw new ImportRefusedException($"{d.Type} '{d.Name}' refers to resources that are not in the state yet ({string.Join(", ", Reference.Urns(d.Inputs).Where(u => !outputs.ContainsKey(u)).Select(u => Model.Urn.Parse(u).Name))}): import or create them first");

        var provider = providers.For(d.Type);
        var check = await provider.CheckAsync(new CheckRequest(d.Urn, d.Type, resolved, null), ct);
        if (check.Failures is { Count: > 0 } failures) throw new ImportRefusedException($"{d.Type} '{d.Name}': {string.Join("; ", failures)}");
        var read = await provider.ReadAsync(new ReadRequest(d.Urn, d.Type, request.Id, check.Inputs, []), ct);
        if (read.IsGone) throw new ImportRefusedException($"{d.Type} '{request.Id}' does not exist; nothing changed");

        var changes = PropertyDiff.Compute(read.Inputs, check.Inputs);
        var lines = new List<string> { $"import {d.Type} '{d.Name}' (id {read.Id})" };
        if (changes.Count > 0)
        {
            var diff = await provider.DiffAsync(new DiffRequest(d.Urn, d.Type, read.Id ?? request.Id, read.Inputs, read.Outputs, check.Inputs), ct);
            var replace = diff.ReplaceKeys.Concat(PropertyDiff.ChangedKeys(changes).Where(k => d.ReplaceOnChangesOrEmpty.Contains(k))).Distinct().ToList();
            if (replace.Count > 0)
                throw new ImportRefusedException($"{d.Type} '{request.Id}' does not match the program's '{d.Name}' and the next up would replace it: " +
                    string.Join("; ", replace.Select(k => Difference(k, read.Inputs, check.Inputs))) + "; nothing changed");
            lines.AddRange(PropertyDiff.ChangedKeys(changes).Select(k => $"  {Difference(k, read.Inputs, check.Inputs)} (the next up changes it in place)"));
        }

        var record = new ResourceState
        {
            Urn = d.Urn, Type = d.Type, Custom = true, Id = read.Id, Parent = d.Parent,
            Inputs = PropertyDiff.KeepSecrets(check.Inputs, read.Inputs),
            Outputs = PropertyDiff.KeepSecrets(check.Inputs, read.Outputs),
            Dependencies = d.Dependencies, Protect = d.Protect || request.Protect, RetainOnDelete = d.RetainOnDelete,
            IgnoreChanges = d.IgnoreChangesOrEmpty, ReplaceOnChanges = d.ReplaceOnChangesOrEmpty, Aliases = d.AliasesOrEmpty,
            Created = DateTimeOffset.UtcNow, Modified = DateTimeOffset.UtcNow,
        };
        var added = Ancestors(desired, d, current).Append(record).ToList();
        var snapshot = new StackSnapshot([.. current.Resources, .. added], current.PendingOperations);
        return new StateEdit(snapshot, lines, ResourceChanges.Between(current, snapshot));
    }

    private static DesiredResource Declared(DesiredState desired, ResourceImportRequest request)
    {
        var ofType = desired.Resources.Where(r => r.Custom && r.Type == request.Type).ToList();
        var matches = ofType.Where(r => r.Name == request.Name || r.Urn == request.Name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ImportRefusedException(ofType.Count == 0
                ? $"the program declares no {request.Type}; `infra import` adopts a resource the program declares"
                : $"the program declares no {request.Type} named '{request.Name}' (it declares {string.Join(", ", ofType.Select(r => r.Name).Order(StringComparer.Ordinal))})"),
            _ => throw new ImportRefusedException($"several {request.Type} are named '{request.Name}': give the URN instead ({string.Join(", ", matches.Select(m => m.Urn))})"),
        };
    }

    /// <summary>The components above the resource that the state does not hold yet, outermost first.</summary>
    private static IEnumerable<ResourceState> Ancestors(DesiredState desired, DesiredResource d, StackSnapshot current)
    {
        var byUrn = desired.Resources.ToDictionary(r => r.Urn);
        var chain = new List<ResourceState>();
        for (var parent = d.Parent; parent is not null && byUrn.TryGetValue(parent, out var p) && !p.Custom; parent = p.Parent)
        {
            if (current.Resources.Any(r => r.Urn == p.Urn && !r.Delete)) break;
            var values = (JsonObject)Reference.Resolve(p.Inputs, (_, _) => null)!;
            chain.Add(new ResourceState
            {
                Urn = p.Urn, Type = p.Type, Custom = false, Parent = p.Parent, Inputs = values, Outputs = (JsonObject)values.DeepClone(),
                Dependencies = p.Dependencies, Created = DateTimeOffset.UtcNow, Modified = DateTimeOffset.UtcNow,
            });
        }
        chain.Reverse();
        return chain;
    }

    private static string Difference(string key, JsonObject live, JsonObject declared) =>
        $"{key}: live {Shown(live[key])}, declared {Shown(declared[key])}";

    private static string Shown(JsonNode? value) =>
        value is null ? "(none)" : Secret.ContainsSecret(value) ? "[secret]" : value.ToJsonString();
}
