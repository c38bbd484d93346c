using Infra.Engine.Model;

namespace Infra.Providers.Random;

/// <summary>Arguments of <c>random:Password</c>. Keepers: any change to them regenerates the value.</summary>
public sealed record RandomPasswordArgs
{
    public int Length { get; init; } = 32;
    public bool Special { get; init; }
    public IReadOnlyDictionary<string, string>? Keepers { get; init; }

    /// <summary>Opt-in: also output a PBKDF2 hash of the password (<see cref="RandomPassword.Pbkdf2Salt"/>, <see cref="RandomPassword.Pbkdf2Hash"/>).</summary>
    public Pbkdf2HashArgs? Pbkdf2 { get; init; }
}

/// <summary>A generated password: a secret, stable across runs, new only when its inputs change.</summary>
public sealed class RandomPassword(string name, RandomPasswordArgs args, ComponentResource? parent = null, ResourceOptions? options = null)
    : CustomResource<RandomPasswordArgs>(RandomProvider.PasswordType, name, args, parent, options)
{
    public OutputRef<string> Result => Output<string>("result");

    /// <summary>The salt of the opt-in PBKDF2 hash (base64), a secret.</summary>
    public OutputRef<string> Pbkdf2Salt => Output<string>(Pbkdf2Derivation.SaltOutput);

    /// <summary>The opt-in PBKDF2 hash of the password (base64), a secret.</summary>
    public OutputRef<string> Pbkdf2Hash => Output<string>(Pbkdf2Derivation.HashOutput);
}
