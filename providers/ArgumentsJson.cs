using System.Text.Json.Serialization;
using Infra.Providers.Command;
using Infra.Providers.Docker;
using Infra.Providers.Random;

namespace Infra.Providers;

/// <summary>
/// Source-generated JSON metadata of the providers' argument records, for <c>InputSerializer.UseGenerated</c>:
/// describing a program's resources then needs no reflection at start-up.
/// </summary>
[JsonSerializable(typeof(ContainerArgs))]
[JsonSerializable(typeof(ServiceArgs))]
[JsonSerializable(typeof(NetworkArgs))]
[JsonSerializable(typeof(VolumeArgs))]
[JsonSerializable(typeof(ImageArgs))]
[JsonSerializable(typeof(CommandArgs))]
[JsonSerializable(typeof(HostPreflightArgs))]
[JsonSerializable(typeof(RandomPasswordArgs))]
[JsonSerializable(typeof(Pbkdf2HashArgs))]
public sealed partial class ArgumentsJson : JsonSerializerContext;
