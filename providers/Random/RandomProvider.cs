using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Random;

/// <summary>
/// The <c>random</c> package. The value is generated at plan time (so a preview has no unknowns) and
/// kept from state while the inputs stay the same; a change to the opt-in <c>pbkdf2</c> hash alone
/// derives a new hash and keeps the password.
/// </summary>
public sealed class RandomProvider : IProvider, IResourceTypes
{
    public const string PasswordType = "random:Password";
    public const string Pbkdf2Input = "pbkdf2";
    private const string ResultOutput = "result";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Specials = "!#%&*()-_=+[]{}<>:?";

    public string Package => "random";

    public bool Handles(string type) => type == PasswordType;

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != PasswordType) return Task.FromResult(new CheckResult(request.News, null, [$"unknown resource type {request.Type}"]));
        var length = request.News["length"]?.GetValue<int>() ?? 32;
        if (length is < 8 or > 1024)
            return Task.FromResult(new CheckResult(request.News, null, [$"length must be between 8 and 1024, not {length}"]));
        var inputs = (JsonObject)request.News.DeepClone();
        Pbkdf2HashArgs? spec;
        try { spec = Pbkdf2Derivation.SpecIn(inputs); }
        catch (JsonException e) { return Task.FromResult(new CheckResult(request.News, null, [$"pbkdf2: {e.Message}"])); }
        if (spec is not null && Pbkdf2Derivation.Validate(spec) is { Count: > 0 } failures) return Task.FromResult(new CheckResult(request.News, null, failures));

        var old = request.Old;
        var keep = old is not null && old.Outputs[ResultOutput] is not null && !ReplaceKeys(old.Inputs, inputs).Any();
        // The same password and the same hash spec: the hash in state still holds (a fresh salt would change it for nothing).
        if (keep && PropertyDiff.DeepEquals(old!.Inputs[Pbkdf2Input], inputs[Pbkdf2Input]) && HasOutputs(old.Outputs, spec))
            return Task.FromResult(new CheckResult(inputs, Copy(old.Outputs, spec)));
        var plaintext = keep ? Secret.Reveal(old!.Outputs[ResultOutput])!.GetValue<string>() : Generate(length, request.News["special"]?.GetValue<bool>() ?? false);
        return Task.FromResult(new CheckResult(inputs, Outputs(plaintext, spec)));
    }

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken)
    {
        var keys = PropertyDiff.ChangedKeys(request.OldInputs, request.NewInputs);
        return Task.FromResult(new DiffResult(keys, ReplaceKeys(request.OldInputs, request.NewInputs).ToList()));
    }

    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var spec = Pbkdf2Derivation.SpecIn(request.Inputs);
        var outputs = request.PlannedOutputs is { } planned && HasOutputs(planned, spec)
            ? Copy(planned, spec)
            : Outputs(Generate(request.Inputs["length"]?.GetValue<int>() ?? 32, request.Inputs["special"]?.GetValue<bool>() ?? false), spec);
        return Task.FromResult(new CreateResult(Guid.NewGuid().ToString("N"), outputs));
    }

    /// <summary>
    /// A refresh keeps what the state holds. An import (no outputs yet) takes the id as the password, as Pulumi's
    /// random provider does, so a password already in use (a database's, from a compose deployment) is adopted.
    /// </summary>
    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken)
    {
        if (request.Outputs[ResultOutput] is not null) return Task.FromResult(new ReadResult(request.Id, request.Inputs, request.Outputs));
        if (request.Id.Length == 0) throw new ProviderException($"{PasswordType}: importing needs the password as the id");
        var outputs = Outputs(request.Id, Pbkdf2Derivation.SpecIn(request.Inputs));
        return Task.FromResult(new ReadResult(Guid.NewGuid().ToString("N"), request.Inputs, outputs));
    }

    /// <summary>Only the hash spec changed (anything else replaces): the same password, hashed anew.</summary>
    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var plaintext = Secret.Reveal(request.OldOutputs[ResultOutput])?.GetValue<string>()
            ?? throw new ProviderException($"{PasswordType}: the state holds no password to hash");
        return Task.FromResult(new UpdateResult(Outputs(plaintext, Pbkdf2Derivation.SpecIn(request.NewInputs))));
    }

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every changed input but the hash spec needs a new password.</summary>
    private static IEnumerable<string> ReplaceKeys(JsonObject olds, JsonObject news) =>
        PropertyDiff.ChangedKeys(olds, news).Where(k => k != Pbkdf2Input);

    private static string[] OutputKeys(Pbkdf2HashArgs? spec) =>
        spec is null ? [ResultOutput] : [ResultOutput, Pbkdf2Derivation.SaltOutput, Pbkdf2Derivation.HashOutput];

    private static bool HasOutputs(JsonObject outputs, Pbkdf2HashArgs? spec) => OutputKeys(spec).All(k => outputs[k] is not null);

    private static JsonObject Copy(JsonObject outputs, Pbkdf2HashArgs? spec) =>
        new(OutputKeys(spec).Select(k => KeyValuePair.Create(k, (JsonNode?)outputs[k]!.DeepClone())));

    private static JsonObject Outputs(string plaintext, Pbkdf2HashArgs? spec)
    {
        var outputs = new JsonObject { [ResultOutput] = Secret.Wrap(JsonValue.Create(plaintext)) };
        if (spec is null) return outputs;
        foreach (var (key, value) in Pbkdf2Derivation.Derive(plaintext, spec)) outputs[key] = value?.DeepClone();
        return outputs;
    }

    /// <summary>Uniform over the alphabet; always at least one digit, one lower and one upper letter.</summary>
    public static string Generate(int length, bool special)
    {
        var alphabet = special ? Alphanumeric + Specials : Alphanumeric;
        while (true)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            if (chars.Any(char.IsDigit) && chars.Any(char.IsLower) && chars.Any(char.IsUpper)) return new string(chars);
        }
    }
}
