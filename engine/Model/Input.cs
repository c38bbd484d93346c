using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Infra.Engine.Properties;

namespace Infra.Engine.Model;

/// <summary>
/// An input value: a literal (optionally secret), a reference to another resource's output, or a
/// format string over such values. Not a promise: the engine resolves it when the value is known.
/// </summary>
[JsonConverter(typeof(InputJsonConverterFactory))]
public sealed class Input<T>
{
    internal T? Literal { get; }
    internal bool IsSecret { get; }
    internal Func<JsonNode>? Placeholder { get; }

    private Input(T? literal, bool secret, Func<JsonNode>? placeholder)
    {
        Literal = literal;
        IsSecret = secret;
        Placeholder = placeholder;
    }

    public static Input<T> Of(T value) => new(value, false, null);
    public static Input<T> Secret(T value) => new(value, true, null);
    internal static Input<T> FromPlaceholder(Func<JsonNode> placeholder) => new(default, false, placeholder);

    /// <summary>The literal value; throws for a reference (use it only where inputs are known).</summary>
    public T Value => Placeholder is null ? Literal! : throw new InvalidOperationException("input is a reference, not a literal");

    public bool IsLiteral => Placeholder is null;

    public static implicit operator Input<T>(T value) => Of(value);
    public static implicit operator Input<T>(OutputRef<T> reference) => reference.AsInput();

    public override string ToString() => Placeholder is null ? (IsSecret ? Properties.Secret.Mask : Literal?.ToString() ?? "") : "[reference]";
}

/// <summary>Creates inputs that combine several values, e.g. a URL holding a password.</summary>
public static class Input
{
    /// <summary><c>Input.Format("redis://:{0}@redis:6379", password.Result)</c>: secret if any part is.</summary>
    public static Input<string> Format(string template, params object[] args) =>
        Input<string>.FromPlaceholder(() => Reference.Format(template, args.Select(InputJsonConverterFactory.ToNode)));
}
