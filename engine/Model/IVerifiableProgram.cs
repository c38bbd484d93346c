using Infra.Engine.Planning;

namespace Infra.Engine.Model;

/// <summary>A program that can prove, against the live host, that what runs is what it declares.</summary>
public interface IVerifiableProgram
{
    /// <summary>Prints its findings; returns false on any mismatch.</summary>
    Task<bool> VerifyAsync(StackContext context, DesiredState desired, TextWriter output, CancellationToken cancellationToken);
}
