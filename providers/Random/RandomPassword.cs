using Infra.Engine.Model;

namespace Infra.Providers.Random;

/// <summary>Arguments of <c>random:Password</c>. Keepers: any change to them regenerates the value.</summary>
public sealed record RandomPasswordArgs
{
    public int Length { get; init; } = 32;
    public bool Special { get; init; }
    public IReadOnlyDictionary<string, string>? Keepers { get; init; }
}

/// <summary>A generated password: a secret, stable across runs, new only when its inputs change.</summary>
public sealed class RandomPassword(string name, RandomPasswordArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<RandomPasswordArgs>(RandomProvider.PasswordType, name, args, parent, options)
{
    public OutputRef<string> Result => Output<string>("result");

    /// <summary>The password hashed for a Mosquitto password file (<c>$7$…</c>), a secret too.</summary>
    public OutputRef<string> MosquittoHash => Output<string>("mosquittoHash");
}
