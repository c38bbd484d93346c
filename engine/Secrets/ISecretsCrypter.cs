namespace Infra.Engine.Secrets;

/// <summary>Encrypts the JSON text of secret values for the stack config and the state file.</summary>
public interface ISecretsCrypter
{
    string Encrypt(string plaintext);
    string Decrypt(string ciphertext);
}
