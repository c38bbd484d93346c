using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Providers;

namespace Infra.Providers.Random;

/// <summary>
/// The <c>random</c> package. The value is generated at plan time (so a preview has no unknowns) and
/// kept from state while the inputs stay the same.
/// </summary>
public sealed class RandomProvider : IProvider
{
    public const string PasswordType = "random:Password";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Specials = "!#%&*()-_=+[]{}<>:?";

    public string Package => "random";

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != PasswordType) return Task.FromResult(new CheckResult(request.News, null, [$"unknown resource type {request.Type}"]));
        var length = request.News["length"]?.GetValue<int>() ?? 32;
        if (length is < 8 or > 1024)
            return Task.FromResult(new CheckResult(request.News, null, [$"length must be between 8 and 1024, not {length}"]));
        var inputs = (JsonObject)request.News.DeepClone();
        var old = request.Old;
        var keep = old is not null && PropertyDiff.Compute(old.Inputs, inputs).Count == 0 && old.Outputs["result"] is not null;
        if (keep && old!.Outputs["mosquittoHash"] is not null)
            return Task.FromResult(new CheckResult(inputs, new JsonObject { ["result"] = old.Outputs["result"]!.DeepClone(), ["mosquittoHash"] = old.Outputs["mosquittoHash"]!.DeepClone() }));
        var plaintext = keep ? Secret.Reveal(old!.Outputs["result"])!.GetValue<string>() : Generate(length, request.News["special"]?.GetValue<bool>() ?? false);
        return Task.FromResult(new CheckResult(inputs, Outputs(plaintext)));
    }

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken)
    {
        var keys = PropertyDiff.ChangedKeys(request.OldInputs, request.NewInputs);
        return Task.FromResult(new DiffResult(keys, keys));
    }

    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var outputs = request.PlannedOutputs?["result"] is not null && request.PlannedOutputs["mosquittoHash"] is not null
            ? new JsonObject { ["result"] = request.PlannedOutputs["result"]!.DeepClone(), ["mosquittoHash"] = request.PlannedOutputs["mosquittoHash"]!.DeepClone() }
            : Outputs(Generate(request.Inputs["length"]?.GetValue<int>() ?? 32, request.Inputs["special"]?.GetValue<bool>() ?? false));
        return Task.FromResult(new CreateResult(Guid.NewGuid().ToString("N"), outputs));
    }

    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ReadResult(request.Id, request.Inputs, request.Outputs));

    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("random:Password is replaced, never updated");

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    private static JsonObject Outputs(string plaintext) => new()
    {
        ["result"] = Secret.Wrap(JsonValue.Create(plaintext)),
        ["mosquittoHash"] = Secret.Wrap(JsonValue.Create(MosquittoHash.Compute(plaintext))),
    };

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
